// What every settings section shares: its card with a heading, and saving with a message.
import { useState, type ReactNode } from "react";
import { Banner, errorText } from "../components/ui";
import { store, useApi } from "../query";

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

/** A setting read from the server and edited in a form: `value` is the edit while there is
 *  one, else what the server holds (so a refetch never overwrites what is being typed);
 *  `saved` takes the server's answer to the save and ends the edit. */
export function useSetting<T>(path: string) {
  const q = useApi<T>(path);
  const [draft, setDraft] = useState<T | null>(null);
  return {
    value: draft ?? q.data ?? null,
    set: (v: T) => setDraft(v),
    saved: (reply: T) => {
      store(path, reply);
      setDraft(null);
    },
    error: q.error,
  };
}
