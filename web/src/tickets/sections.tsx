// The sections of the ticket page below its head, description and actions: each folds on a
// phone.  A new section is one entry in TICKET_SECTIONS (in the order it shows): the column
// it sits in, when it shows, and what it renders from the ticket.
import type { ReactNode } from "react";
import type { KindCatalog, Ticket } from "../api";
import { PlanCard, hasPlan } from "../components/Releases";
import { BatchCard } from "../trace/BatchCard";
import { InvestigationActions, hasInvestigation } from "../trace/InvestigationActions";
import { Communications } from "./Communications";
import { DeskActions } from "./DeskActions";
import { Postings } from "./Postings";
import { Details } from "./Details";
import { Gallery } from "./Gallery";
import { OrderContextCard } from "./OrderContext";
import { PeopleAndDates } from "./PeopleAndDates";
import { PolicyException } from "./PolicyException";
import { ReplyCard } from "./ReplyCard";
import { SlaCard } from "./SlaCard";
import { Timeline } from "./Timeline";

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
