// What a ticket list filters and sorts by (all in the URL), and where it reads from.
import { query, ticketPath, type Kind } from "../api";

export const FILTER_KEYS = [
  "kind",
  "open",
  "created_from",
  "status",
  "priority",
  "category",
  "assigned_to",
  "customer_id",
  "within_policy_window",
  "overdue",
  "team_id",
  "created_by",
  "q",
  "sort",
  "order",
] as const;

export const SORTS = [
  { value: "created_at:desc", label: "Newest first" },
  { value: "created_at:asc", label: "Oldest first" },
  { value: "updated_at:desc", label: "Recently updated" },
  { value: "priority:desc", label: "Priority: highest first" },
  { value: "priority:asc", label: "Priority: lowest first" },
  { value: "sla_due_at:asc", label: "SLA due: soonest first" },
];

export const PREFER_B2B = ["hotel", "restaurant"];

export const PREFER_B2C = ["home"];

/** Where a list's rows come from: one kind's list, or the list across kinds. */
export const listPath = (route: Kind | null) => (route ? ticketPath(route, undefined, "list") : "/api/tickets/list");

/** The filters of a list's URL (?status=new&sort=...), in FILTER_KEYS order. */
export function listFilters(params: URLSearchParams): Record<string, string> {
  const f: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** A list's first page: what the list asks for as it opens (App.tsx asks for it sooner). */
export const firstPagePath = (route: Kind | null, filters: Record<string, string>) => listPath(route) + query({ ...filters, limit: 25 });
