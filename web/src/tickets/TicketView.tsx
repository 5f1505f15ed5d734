// One ticket: every field, the order context (B2B), the timeline with a comment form, and
// the actions its status allows (from the catalog's transitions).  The page composes the
// sections of tickets/; on one column they fold.
import { ArrowLeft } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { ticketPath, type Kind, type Ticket, type TimelineEvent } from "../api";
import { refresh, store, useApi } from "../query";
import { BatchCard, InvestigationActions, hasInvestigation } from "../components/Trace";
import { PlanCard, hasPlan } from "../components/Releases";
import { Communications, Gallery, PendingApproval, PolicyException, ReplyCard, ResolvedSummary, SlaCard } from "../components/TicketExtras";
import { Banner, PolicyFlag, PriorityBadge, SlaBadge, Spinner, StatusBadge, errorText } from "../components/ui";
import { KIND_SHORT } from "../labels";
import { useSession, useTitle } from "../session";
import { Actions } from "./Actions";
import { Details, categoryText } from "./Details";
import { OrderContextCard } from "./OrderContext";
import { Timeline } from "./Timeline";
import { fmtAgo, fmtDateTime } from "../time";

export function TicketView({ kind, id }: { kind: Kind; id: string }) {
  const { catalog, me } = useSession();
  const kc = catalog.kinds[kind];
  const location = useLocation();
  const arrived = location.state as { created?: string; note?: string } | null;
  const created = arrived?.created;
  const path = ticketPath(kind, id);
  const timelinePath = ticketPath(kind, id, "timeline");
  const ticketQ = useApi<Ticket>(path);
  const timelineQ = useApi<{ items: TimelineEvent[] }>(timelinePath);
  const ticket = ticketQ.data ?? null;
  const events = timelineQ.data?.items ?? null;
  const [shownError, setError] = useState<string | null>(null);
  const loadError = ticketQ.error ?? timelineQ.error;
  const error = shownError ?? (loadError ? errorText(loadError) : null);
  useTitle(ticket ? `${ticket.number} ${ticket.title ?? ""}`.trim() : "Ticket");
  const [flash, setFlash] = useState<string | null>(created ? `${created} created.${arrived?.note ? " " + arrived.note : ""}` : null);

  // After a change: the ticket the server answered goes in the cache, and what hangs off it
  // (timeline, communications, lists and the dashboard) is fetched again where it is shown.
  const loadTimeline = () => void refresh(timelinePath);
  const changed = (t: Ticket, message?: string) => {
    store(path, t);
    if (message) setFlash(message);
    void refresh(timelinePath, "/api/tickets/list", ticketPath(kind) + "/list", "/api/dashboard");
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
                // The reply may be the first response: the service level changes with it, and
                // the communications and the timeline gain it (all under the ticket's path).
                onSent={() => void refresh(path)}
              />
            </Fold>
          )}
          {kind !== "internal" && (
            <Fold title="Communications">
              <Communications t={ticket} onLogged={loadTimeline} />
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

function BackLink({ kind }: { kind: Kind }) {
  return (
    <Link to={`/tickets/${kind}`} className="back">
      <ArrowLeft size={16} aria-hidden="true" /> {KIND_SHORT[kind]} tickets
    </Link>
  );
}
