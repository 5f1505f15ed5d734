// What may be done to a ticket now: assign, move, resolve (with what the resolution needs)
// and close; each message appears here, where the user acted.
import { CheckCircle2, Lock, UserPlus } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { post, ticketPath, type KindCatalog, type Ticket } from "../api";
import { Banner, Field, formError, generalError, missingFields, type FormError } from "../components/ui";
import { confirmationLabel, roleLabel } from "../labels";
import { useSession } from "../session";

/* --- actions ------------------------------------------------------------------------ */

function verb(from: string, to: string, label: string): string {
  if (to === "in_progress") return from === "resolved" ? "Reopen" : from === "awaiting_customer" ? "Customer replied: resume" : "Start work";
  if (to === "awaiting_customer") return "Wait for customer";
  if (to === "triaged") return "Mark triaged";
  if (to === "assigned") return "Mark assigned";
  return `Move to ${label}`;
}

const MONEY_TYPES = new Set(["credit_note", "refund", "store_credit"]);

export function Actions({
  ticket,
  kc,
  onChanged,
  flash,
  onFlashClose,
}: {
  ticket: Ticket;
  kc: KindCatalog;
  onChanged: (t: Ticket, message?: string) => void;
  flash: string | null;
  onFlashClose: () => void;
}) {
  const { me, users, catalog } = useSession();
  const currencies = catalog.currencies?.length ? catalog.currencies : ["INR"];
  const catalogCurrency = () => currencies[0];
  const [busy, setBusy] = useState<string | null>(null);
  const [err, setErr] = useState<FormError>(null);
  const [assignee, setAssignee] = useState<string>(ticket.assigned_to ? String(ticket.assigned_to) : "");
  const [resType, setResType] = useState("");
  const [notes, setNotes] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState(catalogCurrency());
  const [reference, setReference] = useState("");
  const [replDate, setReplDate] = useState("");
  const [replItems, setReplItems] = useState("");
  const [closeNote, setCloseNote] = useState("");
  const [confirmation, setConfirmation] = useState("");
  useEffect(() => setAssignee(ticket.assigned_to ? String(ticket.assigned_to) : ""), [ticket.assigned_to]);

  const kind = ticket.kind;
  const next = kc.transitions[ticket.status] ?? [];
  const label = (s: string) => kc.statuses.find((x) => x.code === s)?.label ?? s;
  // What the server says this user may do here (allowed_actions); nothing when it is absent.
  const may = ticket.allowed_actions;
  const scope = may?.assign ?? "none";
  const assignable = (role: string) => !!may?.assignee_roles.includes(role as never);

  async function act(name: string, path: string, body: unknown, message: string) {
    setBusy(name);
    setErr(null);
    try {
      const t = await post<Ticket>(ticketPath(kind, ticket.ticket_id, path), body);
      const pending = name === "resolve" && t.status !== "resolved" && !!t.pending_approval;
      onChanged(t, pending ? "Sent for manager approval: the amount is over the approval threshold." : message);
      if (name === "resolve") {
        setNotes("");
        setResType("");
        setAmount("");
        setReference("");
        setReplDate("");
        setReplItems("");
      }
    } catch (e) {
      setErr(formError(e));
    } finally {
      setBusy(null);
    }
  }

  /** Marks every required field left empty at once; true when there are none. */
  function ready(values: Record<string, string>, labels: Record<string, string>): boolean {
    const empty = missingFields(values, labels);
    setErr(empty);
    return !empty;
  }

  // What the last action did, shown where it was done (not at the top of a long page).
  const done = flash && (
    <Banner kind="success" onClose={onFlashClose}>
      <span data-testid="action-message">{flash}</span>
    </Banner>
  );
  if (ticket.status === "closed")
    return (
      <section className="card actions">
        <h2>Actions</h2>
        {done}
        <p className="muted">
          <Lock size={14} aria-hidden="true" /> This ticket is closed; add a comment to keep a note.
        </p>
      </section>
    );

  const showResolve = next.includes("resolved") && !!may?.resolve && !ticket.pending_approval;
  const moneyType = MONEY_TYPES.has(resType);
  const replacement = resType === "replacement";
  const showClose = next.includes("closed") && !!may?.close;
  const moves = may?.move ? next.filter((s) => s !== "resolved" && s !== "closed") : [];
  const fieldErr = (f: string) => err?.fields[f] ?? null;
  const general = generalError(err, [
    "assigned_to",
    "resolution_type",
    "notes",
    "note",
    "amount",
    "currency",
    "reference",
    "replacement_date",
    "replacement_items",
    "confirmation",
  ]);

  return (
    <section className="card actions" aria-labelledby="actions-h">
      <h2 id="actions-h">Actions</h2>
      {done}
      {general && <Banner onClose={() => setErr(null)}>{general}</Banner>}

      {scope !== "none" && (
        <div className="action-block">
          <h3>Assignment</h3>
          {(scope === "any" || !ticket.assigned_to) && ticket.assigned_to !== me.user_id && assignable(me.role) && (
            <button
              type="button"
              className="btn btn-block"
              disabled={!!busy}
              onClick={() => void act("self", "assign", { assigned_to: me.user_id }, `Assigned to you.`)}
            >
              <UserPlus size={16} aria-hidden="true" /> Assign to me
            </button>
          )}
          {scope === "any" && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                const who = assignee ? Number(assignee) : null;
                const name = users.find((u) => u.user_id === who)?.name;
                void act("assign", "assign", { assigned_to: who }, who ? `Assigned to ${name}.` : "Unassigned.");
              }}
            >
              <Field label="Assignee" error={fieldErr("assigned_to")}>
                {(p) => (
                  <select {...p} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
                    <option value="">Nobody (unassigned)</option>
                    {users
                      .filter((u) => assignable(u.role))
                      .map((u) => (
                        <option key={u.user_id} value={String(u.user_id)}>
                          {u.name} · {roleLabel(u.role)}
                        </option>
                      ))}
                  </select>
                )}
              </Field>
              <button type="submit" className="btn" disabled={!!busy || assignee === (ticket.assigned_to ? String(ticket.assigned_to) : "")}>
                Assign
              </button>
            </form>
          )}
          {scope === "self" && ticket.assigned_to && ticket.assigned_to !== me.user_id && (
            <p className="muted small">Assigned to {ticket.assigned_to_name}. Ask a manager to reassign.</p>
          )}
          {scope === "self" && ticket.assigned_to === me.user_id && <p className="muted small">You own this ticket.</p>}
          {fieldErr("assigned_to") && scope !== "any" && (
            <p className="field-error" role="alert">
              {fieldErr("assigned_to")}
            </p>
          )}
        </div>
      )}

      {moves.length > 0 && (
        <div className="action-block">
          <h3>Status</h3>
          <div className="moves">
            {moves.map((s) =>
              s === "assigned" && !ticket.assigned_to ? (
                <p key={s} className="muted small">
                  Assign someone to move it to {label(s)}.
                </p>
              ) : (
                <button
                  key={s}
                  type="button"
                  className="btn"
                  disabled={!!busy}
                  onClick={() => void act("status-" + s, "update", { status: s }, `Moved to ${label(s)}.`)}
                >
                  {verb(ticket.status, s, label(s))}
                </button>
              ),
            )}
          </div>
        </div>
      )}

      {showResolve && (
        <form
          className="action-block"
          aria-label="Resolve"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            const required: Record<string, string> = { resolution_type: "Resolution", notes: "Resolution notes" };
            if (moneyType) required.amount = "Amount";
            if (replacement) required.replacement_date = "Replacement date";
            if (!ready({ resolution_type: resType, notes, amount, replacement_date: replDate }, required)) return;
            const body: Record<string, unknown> = { resolution_type: resType, notes };
            if (moneyType) {
              body.amount = amount.trim() === "" ? undefined : Number(amount);
              body.currency = currency || undefined;
            }
            if (replacement) {
              body.replacement_date = replDate || undefined;
              if (replItems.trim()) body.replacement_items = replItems.trim();
            }
            if (reference.trim()) body.reference = reference.trim();
            void act("resolve", "resolve", body, "Resolved.");
          }}
          noValidate
        >
          <h3>Resolve</h3>
          <Field label="Resolution" required error={fieldErr("resolution_type")}>
            {(p) => (
              <select {...p} value={resType} onChange={(e) => setResType(e.target.value)}>
                <option value="">Choose a resolution…</option>
                {kc.resolution_types.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {moneyType && (
            <div className="field-pair">
              <Field label="Amount (₹)" required error={fieldErr("amount")} hint="Over the approval threshold, a manager approves it first.">
                {(p) => <input {...p} type="number" inputMode="decimal" min="0" step="0.01" value={amount} onChange={(e) => setAmount(e.target.value)} />}
              </Field>
              <Field label="Currency" error={fieldErr("currency")}>
                {(p) => (
                  <select {...p} value={currency} onChange={(e) => setCurrency(e.target.value)}>
                    {currencies.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
          )}
          {replacement && (
            <>
              <Field label="Replacement date" required error={fieldErr("replacement_date")}>
                {(p) => <input {...p} type="date" value={replDate} onChange={(e) => setReplDate(e.target.value)} />}
              </Field>
              <Field label="Items replaced" error={fieldErr("replacement_items")}>
                {(p) => <input {...p} value={replItems} placeholder="e.g. 2 kg tomatoes" onChange={(e) => setReplItems(e.target.value)} />}
              </Field>
            </>
          )}
          {(moneyType || replacement) && (
            <Field label="Reference" error={fieldErr("reference")} hint="Credit note, refund or delivery reference.">
              {(p) => <input {...p} value={reference} onChange={(e) => setReference(e.target.value)} />}
            </Field>
          )}
          <Field label="Resolution notes" required error={fieldErr("notes")}>
            {(p) => <textarea {...p} rows={3} value={notes} placeholder="What was done, amounts, references" onChange={(e) => setNotes(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-primary btn-block" disabled={!!busy}>
            <CheckCircle2 size={16} aria-hidden="true" /> Resolve ticket
          </button>
        </form>
      )}

      {showClose && (
        <form
          className="action-block"
          aria-label="Close"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            const body: Record<string, string> = {};
            if (closeNote.trim()) body.note = closeNote.trim();
            if (confirmation) body.confirmation = confirmation;
            void act("close", "close", body, "Closed.");
          }}
        >
          <h3>Close</h3>
          {kind !== "internal" && (
            <Field label="Customer confirmed" error={fieldErr("confirmation")}>
              {(p) => (
                <select {...p} value={confirmation} onChange={(e) => setConfirmation(e.target.value)}>
                  <option value="">Not recorded</option>
                  {catalog.close_confirmations.map((k) => (
                    <option key={k} value={k}>
                      {confirmationLabel(k)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label="Closing note" error={fieldErr("note")} hint="Optional.">
            {(p) => <input {...p} type="text" value={closeNote} onChange={(e) => setCloseNote(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-block" disabled={!!busy}>
            <Lock size={16} aria-hidden="true" /> Close ticket
          </button>
        </form>
      )}
      {moves.length === 0 && !showResolve && !showClose && scope === "none" && (
        <p className="muted">Nothing to do here for your role; comments are welcome below.</p>
      )}
    </section>
  );
}
