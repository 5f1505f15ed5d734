// The sections of the ticket page below its head, description and actions: each folds on a
// phone.  A new section is one entry in TICKET_SECTIONS (in the order it shows): the column
// it sits in, when it shows, and what it renders from the ticket; its component is exported
// by parts.ts and named here with part(), so that it loads with the other sections.
import { use, type ComponentType, type ReactNode } from "react";
import type { KindCatalog, Ticket } from "../api";
import { hasPlan } from "../components/releasePlan";
import { hasInvestigation } from "../trace/investigation";

// The sections' code is one chunk (parts.ts), loaded apart from the page's: on a phone after
// the page is shown (the sections are folded), on a desk along with the ticket.
type Parts = typeof import("./parts");
let parts: Parts | null = null;
let loading: Promise<Parts> | null = null;
/** Loads the sections' code (once, or again after a failure); resolves when it is ready. */
export const loadParts = () =>
  (loading ??= import("./parts").then(
    (m) => (parts = m),
    (e) => {
      loading = null;
      throw e;
    },
  ));
/** Whether the sections' code is loaded (so they render at once, with no fallback). */
export const partsLoaded = () => parts !== null;

/** A section's component, rendered from the parts chunk: at once when it is loaded, else it
 *  suspends (the fold shows a spinner) until it is. */
function part<K extends keyof Parts>(name: K): Parts[K] {
  const Part = (props: object) => {
    const m = parts ?? use(loadParts());
    const C = m[name] as ComponentType<object>;
    return <C {...props} />;
  };
  Part.displayName = `Part(${name})`;
  return Part as unknown as Parts[K];
}
const PlanCard = part("PlanCard");
const BatchCard = part("BatchCard");
const InvestigationActions = part("InvestigationActions");
const Communications = part("Communications");
const DeskActions = part("DeskActions");
const Postings = part("Postings");
const Details = part("Details");
const Gallery = part("Gallery");
const OrderContextCard = part("OrderContextCard");
const PeopleAndDates = part("PeopleAndDates");
const PolicyException = part("PolicyException");
const ReplyCard = part("ReplyCard");
const SlaCard = part("SlaCard");
const Timeline = part("Timeline");

/** What a section is given: the ticket, its kind's catalog, and the page's after-a-change calls. */
export interface SectionProps {
  ticket: Ticket;
  kc: KindCatalog;
  /** The server's answer to an action on the ticket, and a message to show by the actions. */
  onChanged: (t: Ticket, message?: string) => void;
  /** Refetch the ticket and everything under it (timeline, communications, files). */
  refresh: () => void;
}

export interface TicketSection {
  key: string;
  title: (t: Ticket) => string;
  /** "main": under the description; "side": under the actions. */
  column: "main" | "side";
  /** Whether it shows for this ticket and this reader's role (always when absent). */
  shows?: (t: Ticket, role: string) => boolean;
  render: (p: SectionProps) => ReactNode;
}

export const TICKET_SECTIONS: TicketSection[] = [
  { key: "details", column: "main", title: () => "Details", render: (p) => <Details ticket={p.ticket} kc={p.kc} /> },
  { key: "batch", column: "main", title: () => "Batch", shows: (t) => t.kind !== "internal" && !!t.batch_number, render: (p) => <BatchCard t={p.ticket} /> },
  {
    key: "files",
    column: "main",
    title: (t) => (t.kind === "internal" ? "Screenshots and files" : "Photos and files"),
    render: (p) => <Gallery t={p.ticket} />,
  },
  {
    key: "order",
    column: "main",
    title: () => "Order",
    shows: (t) => t.kind === "b2b",
    render: (p) => <OrderContextCard ctx={p.ticket.order_context ?? null} soId={p.ticket.so_id ?? null} />,
  },
  {
    key: "reply",
    column: "main",
    title: () => "Reply to the customer",
    shows: (t) => t.kind !== "internal" && t.status !== "closed",
    // The reply may be the first response: the service level changes with it, and the
    // communications and the timeline gain it (all under the ticket's path).
    render: (p) => <ReplyCard t={p.ticket} onSent={p.refresh} />,
  },
  {
    key: "communications",
    column: "main",
    title: () => "Communications",
    shows: (t) => t.kind !== "internal",
    render: (p) => <Communications t={p.ticket} onLogged={p.refresh} />,
  },
  {
    key: "timeline",
    column: "main",
    title: () => "Timeline and comments",
    render: (p) => <Timeline kind={p.ticket.kind} ticket={p.ticket} kc={p.kc} onCommented={p.refresh} />,
  },
  {
    key: "postings",
    column: "side",
    title: () => "Postings",
    shows: (t, role) => t.kind !== "internal" && !!t.resolution_type && role !== "reporter",
    render: (p) => <Postings kind={p.ticket.kind} ticket={p.ticket} />,
  },
  { key: "links", column: "side", title: () => "Links", render: (p) => <DeskActions ticket={p.ticket} kind={p.ticket.kind} onChanged={p.onChanged} /> },
  {
    key: "investigation",
    column: "side",
    title: () => "Investigation",
    shows: hasInvestigation,
    render: (p) => <InvestigationActions t={p.ticket} onChanged={p.onChanged} />,
  },
  {
    key: "release",
    column: "side",
    title: () => "Release",
    shows: (t, role) => t.kind === "internal" && hasPlan(t, role),
    render: (p) => <PlanCard t={p.ticket} onChanged={p.onChanged} />,
  },
  { key: "sla", column: "side", title: () => "Service level", shows: (t) => !!t.sla_state, render: (p) => <SlaCard t={p.ticket} /> },
  {
    key: "late-claim",
    column: "side",
    title: () => "Late claim",
    shows: (t) => t.kind === "b2c" && t.within_policy_window === false,
    render: (p) => <PolicyException t={p.ticket} onChanged={p.onChanged} />,
  },
  { key: "people", column: "side", title: () => "People and dates", render: (p) => <PeopleAndDates ticket={p.ticket} /> },
];
