import { Flag } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { post, type Farm, type Ticket } from "../api";
import { Banner, Field } from "../components/ui";
import { asErr, type ErrState } from "../components/asErr";
import { farmPath } from "./paths";

export function FarmFlagForm({ t, farms }: { t: Ticket; farms: { farm_id: string; name: string }[] }) {
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
