// The approvals inbox (managers and admins): resolutions over the approval threshold wait
// here; approving resolves the ticket, rejecting (with a note) sends it back to work.  Late
// B2C claims (outside the policy window) wait here too for the exception decision.  Data
// through TanStack Query (query.ts): a decision refetches what it changed.
import { Check, CheckSquare, X } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { get, post, query, ticketPath, type Approval, type Ticket, type TicketPage } from "../api";
import { apiKey, useApi } from "../query";
import { Banner, Empty, Field, Spinner, errorText } from "../components/ui";
import { KIND_SHORT, money } from "../labels";
import { useSession, useTitle } from "../session";
import { fmtAgo, fmtDate, fmtDateTime } from "../time";

export function Approvals() {
  const { catalog } = useSession();
  useTitle("Approvals");
  const [state, setState] = useState<"pending" | "all">("pending");
  const [flash, setFlash] = useState<string | null>(null);
  const approvals = useApi<{ items: Approval[] }>("/api/approvals?state=" + state);
  const items = approvals.data?.items ?? null;
  const error = approvals.error ? errorText(approvals.error) : null;

  const typeLabel = (a: Approval) =>
    catalog.kinds[a.ticket_kind]?.resolution_types.find((r) => r.code === a.resolution_type)?.label ?? a.resolution_type.replace(/_/g, " ");

  return (
    <div className="approvals">
      <div className="page-head">
        <div>
          <p className="eyebrow">Managers</p>
          <h1>Approvals</h1>
          <p className="muted">
            Refunds, credit notes and store credit over the approval threshold, and claims made after the claim window, wait here for a decision.
          </p>
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
      {error && <Banner>{error}</Banner>}
      <h2 className="inbox-h">Resolutions over the threshold</h2>
      {!items ? (
        <Spinner label="Loading approvals…" />
      ) : items.length === 0 ? (
        <Empty level={3} title={state === "pending" ? "Nothing waiting for you" : "No approvals yet"} icon={<CheckSquare size={36} aria-hidden="true" />}>
          <p className="muted">When an agent resolves over the threshold, it shows up here.</p>
        </Empty>
      ) : (
        <ul className="approval-list" role="list">
          {items.map((a) => (
            <ApprovalCard key={a.approval_id} a={a} typeLabel={typeLabel(a)} onDone={(m) => setFlash(m)} />
          ))}
        </ul>
      )}
      <LateClaims
        onDone={(m) => {
          setFlash(m);
          window.scrollTo({ top: 0, behavior: "smooth" });
        }}
      />
    </div>
  );
}

/** Open B2C tickets raised after the claim window whose exception nobody has decided.  The
 *  list rows do not carry the decision, so each late ticket is read (a handful a day). */
function LateClaims({ onDone }: { onDone: (m: string) => void }) {
  const { kinds } = useSession();
  const latePath = ticketPath("b2c", undefined, "list") + query({ within_policy_window: "false", open: "true", limit: 50 });
  const late = useQuery({
    queryKey: [...apiKey(latePath), "each ticket"],
    enabled: kinds.includes("b2c"),
    queryFn: async ({ signal }) => {
      const page = await get<TicketPage>(latePath, signal);
      const ts = await Promise.all(page.items.map((r) => get<Ticket>(ticketPath("b2c", r.ticket_id), signal)));
      return ts.filter((t) => !t.policy_exception);
    },
  });
  const items = kinds.includes("b2c") ? (late.data ?? null) : [];
  const error = late.error ? errorText(late.error) : null;
  return (
    <>
      <h2 className="inbox-h">Late claims: exceptions to decide</h2>
      {error && <Banner>{error}</Banner>}
      {!items ? (
        !error && <Spinner label="Loading late claims…" />
      ) : items.length === 0 ? (
        <p className="muted">No late claim waits for a decision.</p>
      ) : (
        <ul className="approval-list" role="list">
          {items.map((t) => (
            <LateClaimCard key={t.ticket_id} t={t} onDone={onDone} />
          ))}
        </ul>
      )}
    </>
  );
}

function LateClaimCard({ t, onDone }: { t: Ticket; onDone: (m: string) => void }) {
  const [note, setNote] = useState("");
  const [noteErr, setNoteErr] = useState<string | null>(null);

  const qc = useQueryClient();
  const exception = useMutation({
    mutationFn: (decision: "approve" | "reject") => post(ticketPath("b2c", t.ticket_id, "policy-exception"), { decision, note: note.trim() }),
    onSuccess: (_r, decision) => {
      onDone(decision === "approve" ? `${t.number}: exception approved, the late claim will be handled.` : `${t.number}: exception rejected.`);
      void qc.invalidateQueries();
    },
  });
  const busy = exception.isPending;
  const err = exception.error ? errorText(exception.error) : null;

  function decide(decision: "approve" | "reject") {
    setNoteErr(null);
    if (!note.trim()) {
      setNoteErr("Say why; the agent sees this note.");
      document.getElementById(`late-note-${t.ticket_id}`)?.focus();
      return;
    }
    exception.mutate(decision);
  }

  return (
    <li className="card approval" data-testid="late-claim" data-number={t.number}>
      <div className="approval-top">
        <div>
          <Link to={`/tickets/b2c/${t.ticket_id}`} className="approval-link">
            <span className="num">{t.number}</span>
            <span className="t-title">{t.title ?? ""}</span>
          </Link>
          <p className="muted small">
            {t.customer_name ?? "—"} · delivered {fmtDate(t.delivery_date)} · logged {fmtAgo(t.created_at)}
          </p>
        </div>
        <div className="approval-amount">
          <span className="muted small">Claim window</span>
          <strong className="warn-text">{t.policy_window_label ?? "Late"}</strong>
        </div>
      </div>
      {t.description && <p className="prewrap approval-notes">{t.description}</p>}
      <div className="approval-actions">
        {err && <Banner>{err}</Banner>}
        <Field id={`late-note-${t.ticket_id}`} label="Decision note" hint="Why the exception is made or refused." error={noteErr}>
          {(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <div className="btn-row">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void decide("approve")}>
            <Check size={16} aria-hidden="true" /> Approve exception
          </button>
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void decide("reject")}>
            <X size={16} aria-hidden="true" /> Reject
          </button>
        </div>
      </div>
    </li>
  );
}

function ApprovalCard({ a, typeLabel, onDone }: { a: Approval; typeLabel: string; onDone: (m: string) => void }) {
  const [note, setNote] = useState("");
  const [noteErr, setNoteErr] = useState<string | null>(null);

  const qc = useQueryClient();
  const decision = useMutation({
    mutationFn: (how: "approve" | "reject") => post(`/api/approvals/${a.approval_id}/${how}`, note.trim() ? { note: note.trim() } : {}),
    onSuccess: (_r, how) => {
      onDone(how === "approve" ? `${a.ticket_number} approved and resolved.` : `${a.ticket_number} sent back to the agent.`);
      // The inbox, and any list or ticket the decision changed, are read again.
      void qc.invalidateQueries();
    },
  });
  const busy = decision.isPending;
  const err = decision.error ? errorText(decision.error) : null;

  function decide(how: "approve" | "reject") {
    setNoteErr(null);
    if (how === "reject" && !note.trim()) {
      setNoteErr("Say why it is rejected; the agent sees this note.");
      document.getElementById(`note-${a.approval_id}`)?.focus();
      return;
    }
    decision.mutate(how);
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
