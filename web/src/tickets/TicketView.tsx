// One ticket: its head (number, status, SLA and policy flags, title), the description, the
// actions allowed now, then its sections (tickets/sections.tsx: details, files, order, reply,
// communications, timeline; investigation, release, service level, late claim, people), which
// fold on a phone.  Data through the query cache: an action's answer replaces the ticket, and
// what hangs off it is fetched again.
import { ArrowLeft } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import { ticketPath, type Kind, type Ticket } from "../api";
import { Banner, PolicyFlag, PriorityBadge, SlaBadge, Spinner, StatusBadge, errorText } from "../components/ui";
import { KIND_SHORT } from "../labels";
import { refresh, store, useApi, useFirstDeferred } from "../query";
import { useSession, useTitle } from "../session";
import { fmtAgo } from "../time";
import { Actions } from "./Actions";
import { categoryText } from "./Details";
import { Fold, isNarrow, useNarrow } from "./Fold";
import { PendingApproval } from "./PendingApproval";
import { ResolvedSummary } from "./ResolvedSummary";
import { TICKET_SECTIONS, loadParts, partsLoaded, type SectionProps } from "./sections";

// On a desk the sections show at once: their code is asked for with the page's.
if (!isNarrow()) loadParts().catch(() => {});

/** Whether the sections' code is loaded; on a desk it is waited for (so the page appears
 *  whole, nothing moving as sections arrive), on a phone it is loaded once the page is shown
 *  and the browser is idle, ahead of a tap on a section. */
function useParts(narrow: boolean, shown: boolean): boolean {
  const [ready, setReady] = useState(partsLoaded);
  useEffect(() => {
    if (ready) return;
    let live = true;
    // A failed load still lets the page show: each section then asks for its code again.
    const load = () =>
      void loadParts()
        .finally(() => live && setReady(true))
        .catch(() => {});
    if (!narrow) load();
    else if (shown) {
      const idle = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 1));
      const cancel = window.cancelIdleCallback ?? window.clearTimeout;
      const h = idle(load, { timeout: 3000 });
      return () => {
        live = false;
        cancel(h);
      };
    }
    return () => {
      live = false;
    };
  }, [narrow, shown, ready]);
  return ready;
}

export function TicketView({ kind, id }: { kind: Kind; id: string }) {
  const { catalog, me } = useSession();
  const kc = catalog.kinds[kind];
  const location = useLocation();
  const arrived = location.state as { created?: string; note?: string } | null;
  const created = arrived?.created;
  const path = ticketPath(kind, id);
  const timelinePath = ticketPath(kind, id, "timeline");
  const ticketQ = useApi<Ticket>(path);
  // The page renders at transition priority (in slices, the browser let in between), not in
  // one long task as the ticket arrives.
  const ticket = useFirstDeferred(ticketQ.data ?? null);
  const [shownError, setError] = useState<string | null>(null);
  const loadError = ticketQ.error;
  const error = shownError ?? (loadError ? errorText(loadError) : null);
  useTitle(ticket ? `${ticket.number} ${ticket.title ?? ""}`.trim() : "Ticket");
  const narrow = useNarrow();
  const partsReady = useParts(narrow, !!ticket);
  const [flash, setFlash] = useState<string | null>(created ? `${created} created.${arrived?.note ? " " + arrived.note : ""}` : null);

  // After a change: the ticket the server answered goes in the cache, and what hangs off it
  // (timeline, communications, lists and the dashboard) is fetched again where it is shown.
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
  if (!ticket || (!narrow && !partsReady)) return <Spinner label="Loading ticket…" />;

  const props: SectionProps = { ticket, kc, onChanged: changed, refresh: () => void refresh(path) };
  const sections = (column: "main" | "side") =>
    TICKET_SECTIONS.filter((s) => s.column === column && (!s.shows || s.shows(ticket, me.role))).map((s) => (
      <Fold key={s.key} title={s.title(ticket)}>
        {s.render(props)}
      </Fold>
    ));

  return (
    <div className="ticket-page">
      <BackLink kind={kind} />
      <header className="ticket-head">
        <div className="ticket-head-top">
          <span className="num big" data-testid="ticket-number">
            {ticket.number}
          </span>
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
          {sections("main")}
        </div>
        <aside className="ticket-side" aria-label="Actions">
          <Actions ticket={ticket} kc={kc} onChanged={changed} flash={flash} onFlashClose={() => setFlash(null)} />
          {sections("side")}
        </aside>
      </div>
    </div>
  );
}

function BackLink({ kind }: { kind: Kind }) {
  return (
    <Link to={`/tickets/${kind}`} className="back">
      <ArrowLeft size={16} aria-hidden="true" /> {KIND_SHORT[kind]} tickets
    </Link>
  );
}
