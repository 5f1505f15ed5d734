// What every settings section shares: its card with a heading, and saving with a message.
import { useState, type ReactNode } from "react";
import { Banner, errorText } from "../components/ui";

export function Section({ id, icon, title, sub, children }: { id: string; icon: ReactNode; title: string; sub: string; children: ReactNode }) {
  return (
    <section className="card settings-card" aria-labelledby={id}>
      <h2 id={id}>
        {icon} {title}
      </h2>
      <p className="muted small">{sub}</p>
      {children}
    </section>
  );
}

export function useSave() {
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(fn: () => Promise<unknown>, ok: string) {
    setBusy(true);
    setMsg(null);
    try {
      await fn();
      setMsg({ ok: true, text: ok });
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }
  const banner = msg && (
    <Banner kind={msg.ok ? "success" : "error"} onClose={() => setMsg(null)}>
      {msg.text}
    </Banner>
  );
  return { run, busy, banner };
}
