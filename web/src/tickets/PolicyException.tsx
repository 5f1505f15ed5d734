// A B2C claim made after the claim window: the exception a manager decides.
import { ShieldAlert } from "lucide-react";
import { useState } from "react";
import { post, ticketPath, type Ticket } from "../api";
import { useSession } from "../session";
import { Banner, Field } from "../components/ui";
import { asErr, type ErrState } from "../components/asErr";

/** A manager's decision on a B2C claim raised after the policy window. */
export function PolicyException({ t, onChanged }: { t: Ticket; onChanged: (t: Ticket, m?: string) => void }) {
  const { me } = useSession();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<ErrState>(null);
  if (t.kind !== "b2c" || t.within_policy_window !== false) return null;
  const manager = me.role === "manager" || me.role === "admin";
  async function decide(decision: "approve" | "reject") {
    setBusy(true);
    setErr(null);
    try {
      const r = await post<Ticket>(ticketPath("b2c", t.ticket_id, "policy-exception"), { decision, note: note.trim() || undefined });
      onChanged(r, decision === "approve" ? "Exception approved: the late claim will be handled." : "Exception rejected.");
      setNote("");
    } catch (e) {
      setErr(asErr(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card exception" aria-labelledby="exc-h">
      <h2 id="exc-h">
        <ShieldAlert size={18} aria-hidden="true" /> Late claim
      </h2>
      <p className="small">{t.policy_window_label ?? "Raised outside the policy window."}</p>
      {t.policy_exception ? (
        <p className={t.policy_exception === "approved" ? "ok-text" : "danger-text"} data-testid="policy-exception">
          Exception {t.policy_exception}
          {t.policy_exception_note ? `: ${t.policy_exception_note}` : ""}
        </p>
      ) : manager ? (
        <>
          {err && <Banner>{err.message}</Banner>}
          <Field label="Decision note" hint="Why the exception is made or refused.">
            {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <div className="btn-row">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void decide("approve")}>
              Approve exception
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void decide("reject")}>
              Reject
            </button>
          </div>
        </>
      ) : (
        <p className="muted small">A manager decides whether to make an exception.</p>
      )}
    </section>
  );
}
