// The approvals inbox (managers and admins): resolutions over the approval threshold wait
// here; approving resolves the ticket, rejecting (with a note) sends it back to work.
import { Check, CheckSquare, X } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { get, post, type Approval } from "../api";
import { Banner, Empty, Field, Spinner, errorText } from "../components/ui";
import { KIND_SHORT, money } from "../labels";
import { useSession, useTitle } from "../session";
import { fmtAgo, fmtDate, fmtDateTime } from "../time";

export function Approvals() {
  const { catalog } = useSession();
  useTitle("Approvals");
  const [state, setState] = useState<"pending" | "all">("pending");
  const [items, setItems] = useState<Approval[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);

  const load = useCallback(() => {
    setItems(null);
    get<{ items: Approval[] }>("/api/approvals?state=" + state).then(
      (r) => setItems(r.items),
      (e) => setError(errorText(e)),
    );
  }, [state]);
  useEffect(load, [load]);

  const typeLabel = (a: Approval) =>
    catalog.kinds[a.ticket_kind]?.resolution_types.find((r) => r.code === a.resolution_type)?.label ?? a.resolution_type.replace(/_/g, " ");

  return (
    <div className="approvals">
      <div className="page-head">
        <div>
          <p className="eyebrow">Managers</p>
          <h1>Approvals</h1>
          <p className="muted">Refunds, credit notes and store credit over the approval threshold wait here for a decision.</p>
        </div>
        <div className="segmented" role="radiogroup" aria-label="Show">
          <label className={state === "pending" ? "on" : undefined}>
            <input type="radio" name="astate" checked={state === "pending"} onChange={() => setState("pending")} />
            Waiting
          </label>
          <label className={state === "all" ? "on" : undefined}>
            <input type="radio" name="astate" checked={state === "all"} onChange={() => setState("all")} />
            All
          </label>
        </div>
      </div>
      {flash && (
        <Banner kind="success" onClose={() => setFlash(null)}>
          {flash}
        </Banner>
      )}
      {error && <Banner onClose={() => setError(null)}>{error}</Banner>}
      {!items ? (
        <Spinner label="Loading approvals…" />
      ) : items.length === 0 ? (
        <Empty title={state === "pending" ? "Nothing waiting for you" : "No approvals yet"} icon={<CheckSquare size={36} aria-hidden="true" />}>
          <p className="muted">When an agent resolves over the threshold, it shows up here.</p>
        </Empty>
      ) : (
        <ul className="approval-list" role="list">
          {items.map((a) => (
            <ApprovalCard
              key={a.approval_id}
              a={a}
              typeLabel={typeLabel(a)}
              onDone={(m) => {
                setFlash(m);
                load();
              }}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function ApprovalCard({ a, typeLabel, onDone }: { a: Approval; typeLabel: string; onDone: (m: string) => void }) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const [noteErr, setNoteErr] = useState<string | null>(null);

  async function decide(how: "approve" | "reject") {
    setErr(null);
    setNoteErr(null);
    if (how === "reject" && !note.trim()) {
      setNoteErr("Say why it is rejected; the agent sees this note.");
      document.getElementById(`note-${a.approval_id}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await post(`/api/approvals/${a.approval_id}/${how}`, note.trim() ? { note: note.trim() } : {});
      onDone(how === "approve" ? `${a.ticket_number} approved and resolved.` : `${a.ticket_number} sent back to the agent.`);
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card approval" data-testid="approval" data-number={a.ticket_number}>
      <div className="approval-top">
        <div>
          <Link to={`/tickets/${a.ticket_kind}/${a.ticket_id}`} className="approval-link">
            <span className="num">{a.ticket_number}</span>
            <span className="t-title">{a.ticket_title ?? ""}</span>
          </Link>
          <p className="muted small">
            {KIND_SHORT[a.ticket_kind]} · asked by {a.requested_by_name} {fmtAgo(a.requested_at)}
          </p>
        </div>
        <div className="approval-amount">
          <span className="muted small">{typeLabel}</span>
          <strong>{a.amount !== null ? money(a.amount) : a.replacement_date ? fmtDate(a.replacement_date) : "—"}</strong>
        </div>
      </div>
      {a.notes && <p className="prewrap approval-notes">{a.notes}</p>}
      {a.reference && <p className="small muted">Reference {a.reference}</p>}
      {a.state === "pending" ? (
        <div className="approval-actions">
          {err && <Banner>{err}</Banner>}
          <Field id={`note-${a.approval_id}`} label="Note" hint="Required to reject; optional to approve." error={noteErr}>
            {(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <div className="btn-row">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void decide("approve")}>
              <Check size={16} aria-hidden="true" /> Approve
            </button>
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void decide("reject")}>
              <X size={16} aria-hidden="true" /> Reject
            </button>
          </div>
        </div>
      ) : (
        <p className={`small ${a.state === "approved" ? "ok-text" : "danger-text"}`}>
          {a.state === "approved" ? "Approved" : "Rejected"} by {a.decided_by_name ?? "—"} {a.decided_at ? `on ${fmtDateTime(a.decided_at)}` : ""}
          {a.decision_note ? `: ${a.decision_note}` : ""}
        </p>
      )}
    </li>
  );
}
