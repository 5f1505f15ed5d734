// One ticket: every field, the order context (B2B), the timeline with a comment form, and
// the actions its status allows (from the catalog's transitions).
import { ArrowLeft, CheckCircle2, Lock, MessageSquare, PackageSearch, Send, UserPlus } from "lucide-react";
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { get, post, ticketPath, type Kind, type KindCatalog, type OrderContext, type Ticket, type TimelineEvent } from "../api";
import { CustomerIcon } from "../components/CustomerPicker";
import { BatchCard, InvestigationActions, batchPath, customerPath, farmPath, hasInvestigation, isStaff } from "../components/Trace";
import { PlanCard, hasPlan } from "../components/Releases";
import { Communications, Gallery, PendingApproval, PolicyException, ReplyCard, ResolvedSummary, SlaCard } from "../components/TicketExtras";
import {
  Banner,
  Field,
  PolicyFlag,
  PriorityBadge,
  SlaBadge,
  Spinner,
  StatusBadge,
  errorText,
  formError,
  generalError,
  missingFields,
  type FormError,
} from "../components/ui";
import { CUSTOMER_TYPE, KIND_SHORT, confirmationLabel, contactWords, fieldLabel, money, qty, roleLabel, rootCauseLabel } from "../labels";
import { assignScope, canMove, canResolve, canWork } from "../permissions";
import { useSession, useTitle } from "../session";
import { fmtAgo, fmtDate, fmtDateTime } from "../time";

export function TicketView({ kind, id }: { kind: Kind; id: string }) {
  const { catalog, me } = useSession();
  const kc = catalog.kinds[kind];
  const location = useLocation();
  const arrived = location.state as { created?: string; note?: string } | null;
  const created = arrived?.created;
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [events, setEvents] = useState<TimelineEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useTitle(ticket ? `${ticket.number} ${ticket.title ?? ""}`.trim() : "Ticket");
  const [flash, setFlash] = useState<string | null>(created ? `${created} created.${arrived?.note ? " " + arrived.note : ""}` : null);

  const loadTimeline = useCallback(() => {
    get<{ items: TimelineEvent[] }>(ticketPath(kind, id, "timeline")).then(
      (r) => setEvents(r.items),
      (e) => setError(errorText(e)),
    );
  }, [kind, id]);

  useEffect(() => {
    get<Ticket>(ticketPath(kind, id)).then(setTicket, (e) => setError(errorText(e)));
    loadTimeline();
  }, [kind, id, loadTimeline]);

  const [commVersion, setCommVersion] = useState(0);
  const changed = (t: Ticket, message?: string) => {
    setTicket(t);
    if (message) setFlash(message);
    loadTimeline();
  };

  if (error && !ticket)
    return (
      <div className="ticket-page">
        <BackLink kind={kind} />
        <Banner>{error}</Banner>
      </div>
    );
  if (!ticket) return <Spinner label="Loading ticket…" />;

  return (
    <div className="ticket-page">
      <BackLink kind={kind} />
      <header className="ticket-head">
        <div className="ticket-head-top">
          <span className="num big">{ticket.number}</span>
          <StatusBadge status={ticket.status} label={ticket.status_label} />
          <PriorityBadge priority={ticket.priority} label={kc.priorities.find((p) => p.code === ticket.priority)?.label} />
          <SlaBadge state={ticket.sla_state} secondsLeft={ticket.sla_seconds_left} paused={ticket.sla_paused} />
          <PolicyFlag within={ticket.within_policy_window} daysLate={ticket.days_late} label={ticket.policy_window_label} />
        </div>
        <h1>{ticket.title || ticket.category_label}</h1>
        <p className="muted">
          {categoryText(ticket, " · ")} · opened by {ticket.created_by_name ?? "someone"} {fmtAgo(ticket.created_at)}
        </p>
      </header>
      {error && <Banner onClose={() => setError(null)}>{error}</Banner>}
      <PendingApproval t={ticket} />

      {/* On a phone the page reads: the head, the description, what may be done now (with its
          messages), then the rest as sections that open on a tap (styles.css orders them). */}
      <div className="ticket-layout">
        <div className="ticket-main">
          <section className="card c-desc">
            <h2>Description</h2>
            <p className="prewrap">{ticket.description}</p>
            {ticket.resolution_type && (
              <ResolvedSummary t={ticket} label={kc.resolution_types.find((r) => r.code === ticket.resolution_type)?.label ?? ticket.resolution_type} />
            )}
          </section>
          <Fold title="Details">
            <Details ticket={ticket} kc={kc} />
          </Fold>
          {kind !== "internal" && ticket.batch_number && (
            <Fold title="Batch">
              <BatchCard t={ticket} />
            </Fold>
          )}
          <Fold title={kind === "internal" ? "Screenshots and files" : "Photos and files"}>
            <Gallery t={ticket} />
          </Fold>
          {kind === "b2b" && (
            <Fold title="Order">
              <OrderContextCard ctx={ticket.order_context ?? null} soId={ticket.so_id ?? null} />
            </Fold>
          )}
          {kind !== "internal" && ticket.status !== "closed" && (
            <Fold title="Reply to the customer">
              <ReplyCard
                t={ticket}
                onSent={() => {
                  setCommVersion((v) => v + 1);
                  loadTimeline();
                  // The reply may be the first response: the service level changes with it.
                  get<Ticket>(ticketPath(kind, id)).then(setTicket, () => {});
                }}
              />
            </Fold>
          )}
          {kind !== "internal" && (
            <Fold title="Communications">
              <Communications t={ticket} version={commVersion} onLogged={loadTimeline} />
            </Fold>
          )}
          <Fold title="Timeline and comments">
            <Timeline kind={kind} ticket={ticket} kc={kc} events={events} onCommented={loadTimeline} />
          </Fold>
        </div>
        <aside className="ticket-side" aria-label="Actions">
          <Actions ticket={ticket} kc={kc} onChanged={changed} flash={flash} onFlashClose={() => setFlash(null)} />
          {hasInvestigation(ticket, me.role) && (
            <Fold title="Investigation">
              <InvestigationActions t={ticket} onChanged={changed} />
            </Fold>
          )}
          {kind === "internal" && hasPlan(ticket, me.role) && (
            <Fold title="Release">
              <PlanCard t={ticket} onChanged={changed} />
            </Fold>
          )}
          {ticket.sla_state && (
            <Fold title="Service level">
              <SlaCard t={ticket} />
            </Fold>
          )}
          {kind === "b2c" && ticket.within_policy_window === false && (
            <Fold title="Late claim">
              <PolicyException t={ticket} onChanged={changed} />
            </Fold>
          )}
          <Fold title="People and dates">
            <section className="card facts">
              <h2>People and dates</h2>
              <dl>
                <dt>Assignee</dt>
                <dd data-testid="assignee">{ticket.assigned_to_name ?? <span className="muted">Unassigned</span>}</dd>
                {ticket.team_name && (
                  <>
                    <dt>Team</dt>
                    <dd>{ticket.team_name}</dd>
                  </>
                )}
                <dt>Opened by</dt>
                <dd>{ticket.created_by_name ?? "—"}</dd>
                <dt>Created</dt>
                <dd>{fmtDateTime(ticket.created_at)}</dd>
                <dt>Updated</dt>
                <dd>{fmtDateTime(ticket.updated_at)}</dd>
                {ticket.resolved_at && (
                  <>
                    <dt>Resolved</dt>
                    <dd>{fmtDateTime(ticket.resolved_at)}</dd>
                  </>
                )}
                {ticket.closed_at && (
                  <>
                    <dt>Closed</dt>
                    <dd>{fmtDateTime(ticket.closed_at)}</dd>
                  </>
                )}
              </dl>
            </section>
          </Fold>
        </aside>
      </div>
    </div>
  );
}

const NARROW = "(max-width: 960px)";

/** Whether the page is one column (a phone or a narrow window). */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const m = window.matchMedia(NARROW);
    const f = () => setNarrow(m.matches);
    m.addEventListener("change", f);
    return () => m.removeEventListener("change", f);
  }, []);
  return narrow;
}

/** On one column, a section that opens on a tap (closed at first); on a desk, always open
 *  with no summary.  The same element either way, so what is inside keeps its state when
 *  the window changes width. */
function Fold({ title, children }: { title: string; children: ReactNode }) {
  const narrow = useNarrow();
  const [open, setOpen] = useState(false);
  return (
    <details className="fold" open={!narrow || open} onToggle={(e) => narrow && setOpen(e.currentTarget.open)} data-testid="fold">
      <summary>{title}</summary>
      {children}
    </details>
  );
}

/** "Quality issues › Damaged items", or just the category when it repeats its group's name. */
function categoryText(t: Ticket, sep: string): string {
  const cat = t.category_label ?? t.category;
  const group = t.category_group_label;
  return group && !cat.toLowerCase().startsWith(group.toLowerCase()) ? `${group}${sep}${cat}` : cat;
}

function BackLink({ kind }: { kind: Kind }) {
  return (
    <Link to={`/tickets/${kind}`} className="back">
      <ArrowLeft size={16} aria-hidden="true" /> {KIND_SHORT[kind]} tickets
    </Link>
  );
}

const LONG_FIELDS = new Set(["items_affected", "steps_to_reproduce", "expected_behavior", "actual_behavior"]);
const SHOWN_ELSEWHERE = new Set(["title", "description", "category", "priority"]);
const DETAIL_ORDER = [
  "customer_name",
  "customer_phone",
  "customer_email",
  "customer_id",
  "woo_order_number",
  "so_id",
  "invoice_id",
  "delivery_date",
  "batch_number",
  "requested_resolution",
  "preferred_resolution_date",
  "affected_module",
  "items_affected",
];
const rank = (f: string) => (DETAIL_ORDER.includes(f) ? DETAIL_ORDER.indexOf(f) : DETAIL_ORDER.length);

function Details({ ticket, kc }: { ticket: Ticket; kc: KindCatalog }) {
  const staff = isStaff(useSession().me.role);
  const value = (f: string): ReactNode => {
    const v = (ticket as unknown as Record<string, string | null | undefined>)[f];
    if (v === null || v === undefined || v === "") return <span className="muted">—</span>;
    if (f === "delivery_date") return fmtDateTime(v).replace(/, 12:00 am$/i, "");
    if (f === "preferred_resolution_date") return fmtDate(v);
    if (f === "customer_id" && staff)
      return (
        <Link to={customerPath(v)} className="link">
          {v}
        </Link>
      );
    if (f === "batch_number" && staff && ticket.batch)
      return (
        <Link to={batchPath(v)} className="link">
          {v}
        </Link>
      );
    if (f === "requested_resolution") return kc.resolution_types.find((r) => r.code === v)?.label ?? v;
    if (f === "customer_email")
      return (
        <a href={`mailto:${v}`} className="link">
          {v}
        </a>
      );
    if (f === "customer_phone")
      return (
        <a href={`tel:${v.replace(/[^+\d]/g, "")}`} className="link">
          {v}
        </a>
      );
    return v;
  };
  const fields = kc.fields.filter((f) => !SHOWN_ELSEWHERE.has(f)).sort((a, b) => rank(a) - rank(b));
  return (
    <section className="card c-details">
      <h2>Details</h2>
      <dl className="details">
        <div>
          <dt>Category</dt>
          <dd>{categoryText(ticket, " › ")}</dd>
        </div>
        <div>
          <dt>Logged on</dt>
          <dd>{fmtDate(ticket.ticket_creation_date)}</dd>
        </div>
        {ticket.kind === "b2c" && (
          <div>
            <dt>Policy window</dt>
            <dd>
              {ticket.within_policy_window === null || ticket.within_policy_window === undefined ? (
                <span className="muted">—</span>
              ) : ticket.within_policy_window ? (
                "Within the window"
              ) : (
                <span className="warn-text">{ticket.policy_window_label}</span>
              )}
            </dd>
          </div>
        )}
        {fields.map((f) => (
          <div key={f} className={LONG_FIELDS.has(f) ? "wide" : undefined}>
            <dt>{fieldLabel(f)}</dt>
            <dd className={LONG_FIELDS.has(f) ? "prewrap" : undefined}>{value(f)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function OrderContextCard({ ctx, soId }: { ctx: OrderContext | null; soId: string | null }) {
  if (!ctx)
    return (
      <section className="card c-order">
        <h2>Order</h2>
        <p className="muted">{soId ? `The sales order ${soId} is not in ticketd's copy of the ERP.` : "No sales order on this ticket."}</p>
      </section>
    );
  const o = ctx.order;
  const total = o.lines.reduce((n, l) => n + l.price * (l.delivered_qty ?? l.ordered_qty), 0);
  return (
    <section className="card c-order">
      <div className="card-head">
        <h2>
          <PackageSearch size={18} aria-hidden="true" /> Order {o.so_id}
        </h2>
        <span className="muted small">
          Ordered {fmtDate(o.order_date)}
          {o.delivery_date ? ` · delivered ${fmtDate(o.delivery_date)}` : ""}
        </span>
      </div>
      {ctx.customer && (
        <div className="customer-card">
          <CustomerIcon type={ctx.customer.type} size={20} />
          <div>
            <Link to={customerPath(ctx.customer.customer_id)} className="link">
              <strong>{ctx.customer.name}</strong>
            </Link>
            <span className="muted small">
              {CUSTOMER_TYPE[ctx.customer.type] ?? ctx.customer.type} · {ctx.customer.customer_id}
            </span>
          </div>
          <div className="customer-contact">
            {ctx.customer.phone && (
              <a className="link" href={`tel:${ctx.customer.phone.replace(/[^+\d]/g, "")}`}>
                {ctx.customer.phone}
              </a>
            )}
            {ctx.customer.email && (
              <a className="link" href={`mailto:${ctx.customer.email}`}>
                {ctx.customer.email}
              </a>
            )}
          </div>
        </div>
      )}
      <div className="table-wrap">
        <table className="lines">
          <caption className="sr-only">Order lines</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num-col">
                Ordered
              </th>
              <th scope="col" className="num-col">
                Delivered
              </th>
              <th scope="col" className="num-col">
                Price
              </th>
            </tr>
          </thead>
          <tbody>
            {o.lines.map((l) => {
              const short = l.delivered_qty !== null && l.delivered_qty < l.ordered_qty;
              return (
                <tr key={l.line_no} className={short ? "short" : undefined}>
                  <th scope="row">
                    {l.item}
                    <span className="item-unit">in {l.unit}</span>
                    {(l.allocations ?? []).map((a) => (
                      <span key={a.batch_number} className="alloc" data-testid="allocation">
                        <Link to={batchPath(a.batch_number)} className="link">
                          {a.batch_number}
                        </Link>{" "}
                        · {qty(a.qty)} {l.unit} from{" "}
                        <Link to={farmPath(a.farm_id)} className="link">
                          {a.farm_name}
                        </Link>
                      </span>
                    ))}
                  </th>
                  <td className="num-col">
                    {qty(l.ordered_qty)} <span className="unit">{l.unit}</span>
                  </td>
                  <td className="num-col">
                    {qty(l.delivered_qty)} <span className="unit">{l.delivered_qty === null ? "" : l.unit}</span>
                    {short && <span className="short-tag">short {qty(l.ordered_qty - (l.delivered_qty ?? 0))}</span>}
                  </td>
                  <td className="num-col">
                    {money(l.price)}
                    <span className="unit">/{l.unit}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Delivered value
              </th>
              <td className="num-col">{money(total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {ctx.invoices.length > 0 && (
        <ul className="invoices" role="list">
          {ctx.invoices.map((i) => (
            <li key={i.invoice_id}>
              <span>
                Invoice <strong>{i.number}</strong> · {fmtDate(i.date)}
              </span>
              <span>{money(i.total)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/* --- actions ------------------------------------------------------------------------ */

function verb(from: string, to: string, label: string): string {
  if (to === "in_progress") return from === "resolved" ? "Reopen" : from === "awaiting_customer" ? "Customer replied: resume" : "Start work";
  if (to === "awaiting_customer") return "Wait for customer";
  if (to === "triaged") return "Mark triaged";
  if (to === "assigned") return "Mark assigned";
  return `Move to ${label}`;
}

const MONEY_TYPES = new Set(["credit_note", "refund", "store_credit"]);

function Actions({
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
  const scope = assignScope(me.role, kind);

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

  const showResolve = next.includes("resolved") && canResolve(me.role, kind) && !ticket.pending_approval;
  const moneyType = MONEY_TYPES.has(resType);
  const replacement = resType === "replacement";
  const showClose = next.includes("closed");
  const moves = canMove(me.role, kind) ? next.filter((s) => s !== "resolved" && s !== "closed") : [];
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
          {(scope === "any" || !ticket.assigned_to) && ticket.assigned_to !== me.user_id && canWork(me.role, kind) && (
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
                      .filter((u) => canWork(u.role, kind))
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

/* --- timeline ----------------------------------------------------------------------- */

function describe(ev: TimelineEvent, kc: KindCatalog): ReactNode {
  const label = (s?: string | null) => (s ? (kc.statuses.find((x) => x.code === s)?.label ?? s) : "—");
  switch (ev.type) {
    case "created":
      return <>created the ticket</>;
    case "assigned":
      if (ev.note?.startsWith("Assigned to ")) return <>assigned it to {ev.note.slice("Assigned to ".length)}</>;
      return <>{ev.note === "Unassigned" ? "unassigned it" : (ev.note ?? "changed the assignee")}</>;
    case "status":
      return (
        <>
          moved it from <b>{label(ev.old_value)}</b> to <b>{label(ev.new_value)}</b>
        </>
      );
    case "resolved":
      return <>resolved it</>;
    case "attachment":
      return <>added {ev.field === "photo" ? "a photo" : "a file"}</>;
    case "communication":
      return <>logged {contactWords(ev.field, ev.new_value)}</>;
    case "approval_requested":
      return <>asked a manager to approve the resolution</>;
    case "approval_approved":
      return <>approved the resolution</>;
    case "approval_rejected":
      return <>rejected the resolution{ev.note ? `: ${ev.note}` : ""}</>;
    case "policy_exception":
      return <>{ev.new_value === "approved" ? "approved" : "rejected"} an exception to the policy window</>;
    case "escalated":
      return <>escalated it (SLA overdue)</>;
    case "sla_at_risk":
      return <>flagged it at risk of missing the SLA</>;
    case "team":
      return <>set the team{ev.note ? `: ${ev.note}` : ""}</>;
    case "root_cause":
      return <>recorded the root cause{ev.new_value ? `: ${rootCauseLabel(ev.new_value).toLowerCase()}` : ""}</>;
    case "wastage":
      return <>updated the wastage report{ev.note ? `: ${ev.note.replace(/^Wastage recorded: /, "")}` : ""}</>;
    case "farm_flagged":
      return <>{ev.note ? ev.note.replace(/^Farm /, "flagged farm ").replace(/ flagged:/, ":") : `flagged farm ${ev.new_value ?? ""}`}</>;
    case "closed":
      return <>closed it</>;
    case "changed":
      return (
        <>
          changed <b>{fieldLabel(ev.field ?? "")}</b>
          {ev.old_value ? (
            <>
              {" "}
              from <q>{ev.old_value}</q>
            </>
          ) : null}{" "}
          to <q>{ev.new_value ?? "nothing"}</q>
        </>
      );
    default:
      return (
        <>
          {ev.type.replace(/_/g, " ")}
          {ev.field ? ` ${fieldLabel(ev.field)}` : ""}
        </>
      );
  }
}

function Timeline({
  kind,
  ticket,
  kc,
  events,
  onCommented,
}: {
  kind: Kind;
  ticket: Ticket;
  kc: KindCatalog;
  events: TimelineEvent[] | null;
  onCommented: () => void;
}) {
  const { catalog } = useSession();
  const [text, setText] = useState("");
  const [visibility, setVisibility] = useState(catalog.comment_visibility[0] ?? "internal");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<FormError>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await post(ticketPath(kind, ticket.ticket_id, "comments"), { comment_text: text, visibility });
      setText("");
      onCommented();
    } catch (x) {
      setErr(formError(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card c-timeline" aria-labelledby="tl-h">
      <h2 id="tl-h">
        <MessageSquare size={18} aria-hidden="true" /> Timeline
      </h2>
      {!events ? (
        <Spinner />
      ) : (
        <ol className="timeline">
          {events.map((ev, i) =>
            ev.comment_id ? (
              <li key={"c" + ev.comment_id} className={`tl-comment tl-${ev.visibility}`}>
                <div className="tl-who">
                  <strong>{ev.actor_name ?? "ticketd"}</strong>
                  <span className={`vis vis-${ev.visibility}`}>{ev.visibility === "public" ? "Public reply" : "Internal note"}</span>
                  <time dateTime={ev.at} title={fmtDateTime(ev.at)}>
                    {fmtAgo(ev.at)}
                  </time>
                </div>
                <p className="prewrap">{ev.comment_text}</p>
              </li>
            ) : (
              <li key={ev.event_id ?? i} className={`tl-event tl-${ev.type}`}>
                <span className="tl-dot" aria-hidden="true" />
                <div>
                  <span>
                    <strong>{ev.actor_name ?? "ticketd"}</strong> {describe(ev, kc)}
                  </span>
                  {(ev.type === "resolved" || ev.type === "closed") && ev.note && <p className="tl-note prewrap">{ev.note}</p>}
                  <time dateTime={ev.at} title={fmtDateTime(ev.at)}>
                    {fmtDateTime(ev.at)}
                  </time>
                </div>
              </li>
            ),
          )}
        </ol>
      )}
      <form className="comment-form" onSubmit={submit} noValidate aria-label="New comment">
        <Field label="Add a comment" error={err?.fields.comment_text ?? err?.fields.visibility ?? null}>
          {(p) => (
            <textarea
              {...p}
              rows={3}
              value={text}
              placeholder={visibility === "public" ? "Reply the customer will see" : "Note for the team"}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        {generalError(err, ["comment_text", "visibility"]) && <Banner>{err?.message}</Banner>}
        <div className="comment-actions">
          <div className="segmented" role="radiogroup" aria-label="Visibility">
            {catalog.comment_visibility.map((vis) => (
              <label key={vis} className={visibility === vis ? "on" : undefined}>
                <input type="radio" name="visibility" value={vis} checked={visibility === vis} onChange={() => setVisibility(vis)} />
                {vis === "public" ? "Public reply" : "Internal note"}
              </label>
            ))}
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            <Send size={16} aria-hidden="true" /> {busy ? "Posting…" : "Post comment"}
          </button>
        </div>
      </form>
    </section>
  );
}
