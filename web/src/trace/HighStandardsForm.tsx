import { Star } from "lucide-react";
import { useState, type FormEvent } from "react";
import { post, type CustomerFlags } from "../api";
import { Banner, Field, errorText } from "../components/ui";

export function HighStandardsForm({ id, flags, onSaved }: { id: string; flags: CustomerFlags; onSaved: (f: CustomerFlags) => void }) {
  const [note, setNote] = useState(flags.high_standards_note ?? "");
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  async function set(on: boolean) {
    setBusy(true);
    setMsg(null);
    try {
      const r = await post<{ flags: CustomerFlags }>(`/api/customers/${encodeURIComponent(id)}/flags`, { high_standards: on, note: note.trim() || null });
      onSaved(r.flags);
      setMsg({ ok: true, text: on ? "Marked as high standards." : "High standards cleared." });
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="stack"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void set(!flags.high_standards);
      }}
    >
      {msg && (
        <Banner kind={msg.ok ? "success" : "error"} onClose={() => setMsg(null)}>
          {msg.text}
        </Banner>
      )}
      <Field label="Note" hint="What they expect, for the team.">
        {(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" className="btn" disabled={busy}>
        <Star size={16} aria-hidden="true" /> {flags.high_standards ? "Clear high standards" : "Mark as high standards"}
      </button>
    </form>
  );
}
