// Traceability on the ticket page: the batch the complaint names (with its farm and a link to
// the full investigation), the root cause of a quality complaint, and flagging the farm.
import { Flag, Search, Sprout, Wheat } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError, post, ticketPath, type Batch, type Farm, type Ticket } from "../api";
import { qty, rootCauseLabel } from "../labels";
import { useSession } from "../session";
import { fmtDate } from "../time";
import { Banner, Field, errorText } from "./ui";

type ErrState = { field: string | null; message: string } | null;
const asErr = (e: unknown): ErrState => ({ field: e instanceof ApiError ? e.field : null, message: errorText(e) });

export const isStaff = (role: string) => role === "agent" || role === "manager" || role === "admin";
export const batchPath = (b: string) => `/batches/${encodeURIComponent(b)}`;
export const farmPath = (f: string) => `/farms/${encodeURIComponent(f)}`;
export const customerPath = (c: string) => `/customers/${encodeURIComponent(c)}`;

/** Receiving figures and grading of a batch, as a compact definition list. */
export function BatchFacts({ b }: { b: Batch }) {
  const unit = b.unit ?? "";
  const grades = Object.entries(b.grading);
  return (
    <dl className="batch-facts">
      <div>
        <dt>Product</dt>
        <dd>{b.product}</dd>
      </div>
      <div>
        <dt>Received</dt>
        <dd>
          {qty(b.received_qty)} {unit} · {fmtDate(b.received_at)}
        </dd>
      </div>
      <div>
        <dt>Damaged at receiving</dt>
        <dd className={b.damaged_qty > 0 ? "warn-text" : undefined}>
          {qty(b.damaged_qty)} {unit}
        </dd>
      </div>
      <div>
        <dt>Rejected</dt>
        <dd className={b.rejected_qty > 0 ? "warn-text" : undefined}>
          {qty(b.rejected_qty)} {unit}
        </dd>
      </div>
      {grades.length > 0 && (
        <div className="wide">
          <dt>Grading</dt>
          <dd className="grades">
            {grades.map(([g, n]) => (
              <span key={g} className="grade">
                Grade {g}: {qty(n)} {unit}
              </span>
            ))}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** The complaint's batch: what it is, where it came from, and the way into the investigation. */
export function BatchCard({ t }: { t: Ticket }) {
  if (!t.batch_number) return null;
  const b = t.batch;
  return (
    <section className="card c-batch" aria-labelledby="batch-h" data-testid="batch-card">
      <div className="card-head">
        <h2 id="batch-h">
          <Wheat size={18} aria-hidden="true" /> Batch {t.batch_number}
        </h2>
        {b && (
          <Link to={farmPath(b.farm_id)} className="link">
            <Sprout size={14} aria-hidden="true" /> {b.farm_name}
          </Link>
        )}
      </div>
      {b ? (
        <>
          <BatchFacts b={b} />
          <div className="btn-row">
            <Link to={batchPath(b.batch_number)} className="btn btn-primary" data-testid="investigate">
              <Search size={16} aria-hidden="true" /> Investigate batch
            </Link>
            <Link to={farmPath(b.farm_id)} className="btn">
              <Sprout size={16} aria-hidden="true" /> Farm record
            </Link>
          </div>
        </>
      ) : (
        <p className="muted">No batch {t.batch_number} is on file, so there is nothing to trace it to. Check the number on the packing slip.</p>
      )}
    </section>
  );
}

/** The farms a complaint can be pinned on: its batch's, else those of the order's batches. */
function candidateFarms(t: Ticket): { farm_id: string; name: string }[] {
  const seen = new Map<string, string>();
  if (t.batch) seen.set(t.batch.farm_id, t.batch.farm_name);
  else for (const l of t.order_context?.order.lines ?? []) for (const a of l.allocations ?? []) if (!seen.has(a.farm_id)) seen.set(a.farm_id, a.farm_name);
  return [...seen].map(([farm_id, name]) => ({ farm_id, name }));
}

/** Root cause of a quality complaint, and flagging the farm, for agents, managers and admins. */
/** Whether the ticket page has investigation actions (root cause, farm flag) for this role. */
export const hasInvestigation = (t: Ticket, role: string) =>
  t.kind !== "internal" && isStaff(role) && (t.category_group === "quality" || candidateFarms(t).length > 0);

export function InvestigationActions({ t, onChanged }: { t: Ticket; onChanged: (t: Ticket, message?: string) => void }) {
  const { me } = useSession();
  if (!hasInvestigation(t, me.role)) return null;
  const quality = t.category_group === "quality";
  const farms = candidateFarms(t);
  return (
    <section className="card" aria-labelledby="inv-h" data-testid="investigation-actions">
      <h2 id="inv-h">Investigation</h2>
      {quality && <RootCauseForm t={t} onChanged={onChanged} />}
      {farms.length > 0 && <FarmFlagForm t={t} farms={farms} />}
    </section>
  );
}

function RootCauseForm({ t, onChanged }: { t: Ticket; onChanged: (t: Ticket, message?: string) => void }) {
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

function FarmFlagForm({ t, farms }: { t: Ticket; farms: { farm_id: string; name: string }[] }) {
  const [farmId, setFarmId] = useState(farms[0]!.farm_id);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<ErrState>(null);
  const [done, setDone] = useState<{ farm: string; flags: number } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setErr({ field: "reason", message: "Give the farm a reason it can act on." });
      return;
    }
    setBusy(true);
    setErr(null);
    setDone(null);
    try {
      const r = await post<Farm>(`/api/farms/${encodeURIComponent(farmId)}/flags`, { ticket: t.number, reason: reason.trim() });
      setDone({ farm: r.name, flags: r.totals?.flags ?? r.flags.length });
      setReason("");
    } catch (x) {
      setErr(asErr(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="action-block stack" onSubmit={submit} noValidate aria-label="Flag the farm">
      <h3>
        <Flag size={15} aria-hidden="true" /> Flag the farm
      </h3>
      {done && (
        <Banner kind="success" onClose={() => setDone(null)}>
          {done.farm} flagged ({done.flags} {done.flags === 1 ? "flag" : "flags"} in all).{" "}
          <Link className="link" to={farmPath(farmId)}>
            See the farm
          </Link>
        </Banner>
      )}
      {err && err.field !== "reason" && <Banner onClose={() => setErr(null)}>{err.message}</Banner>}
      {farms.length > 1 ? (
        <Field label="Farm">
          {(p) => (
            <select {...p} value={farmId} onChange={(e) => setFarmId(e.target.value)}>
              {farms.map((f) => (
                <option key={f.farm_id} value={f.farm_id}>
                  {f.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <p className="small muted">
          For <strong>{farms[0]!.name}</strong>, on this ticket.
        </p>
      )}
      <Field label="Reason for the flag" error={err?.field === "reason" ? err.message : null}>
        {(p) => <textarea {...p} rows={2} value={reason} placeholder="e.g. avocados picked too early" onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className="btn btn-block" disabled={busy}>
        <Flag size={16} aria-hidden="true" /> {busy ? "Flagging…" : "Flag farm"}
      </button>
    </form>
  );
}
