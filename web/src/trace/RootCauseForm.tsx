import { useState, type FormEvent } from "react";
import { post, ticketPath, type Ticket } from "../api";
import { rootCauseLabel } from "../labels";
import { useSession } from "../session";
import { Banner, Field } from "../components/ui";
import { asErr, type ErrState } from "../components/asErr";

export function RootCauseForm({ t, onChanged }: { t: Ticket; onChanged: (t: Ticket, message?: string) => void }) {
  const causes = useSession().catalog.root_causes;
  const [cause, setCause] = useState<string>(t.root_cause ?? "");
  const [affected, setAffected] = useState("");
  const [unitCost, setUnitCost] = useState("");
  const [note, setNote] = useState(t.root_cause_note ?? "");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<ErrState>(null);
  const closed = t.status === "closed";
  const unit = t.batch?.unit ?? "";

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!cause) {
      setErr({ field: "root_cause", message: "Choose what caused it." });
      return;
    }
    const body: Record<string, unknown> = { root_cause: cause };
    if (note.trim()) body.note = note.trim();
    if (cause !== "not_valid") {
      if (affected.trim() === "") {
        setErr({ field: "affected_qty", message: "Say how much was lost; it is written to the wastage report." });
        return;
      }
      body.affected_qty = Number(affected);
      if (unitCost.trim() !== "") body.unit_cost = Number(unitCost);
    }
    setBusy(true);
    setErr(null);
    try {
      const r = await post<Ticket>(ticketPath(t.kind, t.ticket_id, "root-cause"), body);
      onChanged(
        r,
        cause === "not_valid"
          ? "Recorded as not a valid complaint."
          : `Root cause recorded: ${rootCauseLabel(cause).toLowerCase()}; the loss is in the wastage report.`,
      );
      setAffected("");
      setUnitCost("");
    } catch (x) {
      setErr(asErr(x));
    } finally {
      setBusy(false);
    }
  }

  const fieldErr = (f: string) => (err?.field === f ? err.message : null);
  return (
    <form className="action-block stack" onSubmit={submit} noValidate aria-label="Root cause">
      <h3>Root cause</h3>
      {t.root_cause && (
        <p className="small" data-testid="root-cause">
          Found: <strong>{rootCauseLabel(t.root_cause)}</strong>
          {t.root_cause_note ? ` · ${t.root_cause_note}` : ""}
        </p>
      )}
      {closed ? (
        <p className="muted small">The ticket is closed; its root cause can no longer change.</p>
      ) : (
        <>
          {err && !["root_cause", "affected_qty", "unit_cost", "note"].includes(err.field ?? "") && <Banner onClose={() => setErr(null)}>{err.message}</Banner>}
          <Field label="What caused it" error={fieldErr("root_cause")}>
            {(p) => (
              <select {...p} value={cause} onChange={(e) => setCause(e.target.value)}>
                <option value="">Choose a cause…</option>
                {causes.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {cause !== "not_valid" && (
            <div className="field-pair">
              <Field label={`Affected quantity${unit ? ` (${unit})` : ""}`} required error={fieldErr("affected_qty")}>
                {(p) => <input {...p} type="number" inputMode="decimal" min="0" step="any" value={affected} onChange={(e) => setAffected(e.target.value)} />}
              </Field>
              <Field label="Unit cost (₹)" error={fieldErr("unit_cost")} hint="Empty: the order line's price.">
                {(p) => <input {...p} type="number" inputMode="decimal" min="0" step="0.01" value={unitCost} onChange={(e) => setUnitCost(e.target.value)} />}
              </Field>
            </div>
          )}
          <Field label="Finding" error={fieldErr("note")} hint="Optional: what the investigation showed.">
            {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-block" disabled={busy}>
            {busy ? "Saving…" : t.root_cause ? "Update root cause" : "Record root cause"}
          </button>
        </>
      )}
    </form>
  );
}
