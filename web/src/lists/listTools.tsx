// Tools beside a ticket list's sort and filters (saved views, export, ...): each one entry in
// LIST_TOOLS, given the list it sits by.  The list page renders them in its toolbar, in order.
import type { ReactNode } from "react";
import type { Kind } from "../api";
import { ListTools } from "../tickets/ListTools";

export interface ListToolProps {
  /** The kind the list is of (from the route or ?kind=), or null across kinds. */
  kind: Kind | null;
  /** The list's filters and sort, as in its URL (q, status, priority, sort, order, ...). */
  filters: Record<string, string>;
  /** The API path the list reads (GET), without its query string. */
  apiPath: string;
}

export const LIST_TOOLS: { key: string; render: (p: ListToolProps) => ReactNode }[] = [
  { key: "views-export", render: (p) => <ListTools route={p.kind} filters={p.filters} /> },
];
