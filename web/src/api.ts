// The ticketd JSON API: one fetch wrapper that turns the error envelope
// {"error":{"code","message","field","errors"}} into an ApiError, and the shapes the UI reads.
// Shapes come from docs/openapi.yaml (Schema<"Name">, generated at each build) wherever the
// description's schema is the reply the UI reads; the few kept by hand here are views the
// description has no one schema for (a ticket of any kind, a list row, the signed-in user with
// the kinds they read, the catalog and dashboard keyed by kind).

import type { Schema } from "./schema";

export type Kind = "b2b" | "b2c" | "internal";
export const KINDS: Kind[] = ["b2b", "b2c", "internal"];

export interface User {
  user_id: number;
  email?: string;
  name: string;
  role: string;
  /** GET /api/me only: the kinds this user reads, each "all" or "own". */
  kinds?: Partial<Record<Kind, "all" | "own">>;
  /** GET /api/me only: the kinds whose tickets this user works (is assigned, moves, resolves). */
  works?: Kind[];
  active?: boolean;
  available?: boolean;
}

export type Category = Schema<"Category">;
export type CategoryGroup = Schema<"CategoryGroup">;
export interface Coded {
  code: string;
  label: string;
}
export type KindCatalog = Schema<"KindCatalog">;
export interface Catalog {
  kinds: Record<Kind, KindCatalog>;
  roles: string[];
  comment_visibility: string[];
  currencies: string[];
  communication_channels: string[];
  reply_channels: string[];
  close_confirmations: string[];
  routing_modes: string[];
  notification_types: string[];
  root_causes: Coded[];
}

/** What the signed-in user may do to one ticket, as the server enforces it (single-ticket
 *  replies only): the UI offers these and no others. */
export type AllowedActions = Schema<"AllowedActions">;

export interface Ticket {
  ticket_id: number;
  allowed_actions?: AllowedActions;
  number: string;
  kind: Kind;
  title: string | null;
  description: string | null;
  category: string;
  category_label: string | null;
  category_group: string | null;
  category_group_label: string | null;
  priority: string;
  priority_rank: number;
  status: string;
  status_label: string;
  allowed_transitions: string[];
  ticket_creation_date: string | null;
  customer_id?: string | null;
  so_id?: string | null;
  invoice_id?: string | null;
  woo_order_number?: string | null;
  customer_name?: string | null;
  customer_email?: string | null;
  customer_phone?: string | null;
  delivery_date?: string | null;
  batch_number?: string | null;
  items_affected?: string | null;
  requested_resolution?: string | null;
  preferred_resolution_date?: string | null;
  steps_to_reproduce?: string | null;
  expected_behavior?: string | null;
  actual_behavior?: string | null;
  affected_module?: string | null;
  within_policy_window?: boolean | null;
  days_late?: number;
  policy_window_label?: string | null;
  resolution_type: string | null;
  resolution_notes: string | null;
  created_by: number;
  created_by_name: string | null;
  assigned_to: number | null;
  assigned_to_name: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  order_context?: OrderContext | null;
  sla_due_at?: string | null;
  sla_state?: SlaState | null;
  sla_paused?: boolean;
  sla_seconds_left?: number | null;
  sla_hours?: number | null;
  first_response_at?: string | null;
  escalation_level?: number;
  policy_exception?: string | null;
  policy_exception_note?: string | null;
  policy_exception_at?: string | null;
  resolution_amount?: number | null;
  resolution_currency?: string | null;
  resolution_reference?: string | null;
  replacement_date?: string | null;
  replacement_items?: string | null;
  close_confirmation?: string | null;
  team_id?: number | null;
  team_name?: string | null;
  pending_approval?: Approval | null;
  photo_count?: number;
  root_cause?: RootCause | null;
  root_cause_note?: string | null;
  batch?: Batch | null;
  on_roadmap?: boolean;
  release_id?: number | null;
}

export type RootCause = "farm" | "packing" | "delivery" | "customer_handling" | "not_valid";

export type Batch = Schema<"Batch">;

export type InvestigationTicket = Schema<"InvestigationTicket">;

export type Investigation = Schema<"Investigation">;

export type MonthFigures = Schema<"MonthFigures">;

export type Farm = Schema<"Farm">;

export type CustomerFlags = Schema<"CustomerFlags">;

export type CustomerDetail = Schema<"CustomerDetail">;

export type WastageGroup = Schema<"WastageGroup">;

export type WastageReport = Schema<"WastageReport">;

export type Release = Schema<"Release">;
/** The reply to publishing a release: the release, and how many linked tickets it resolved. */
export type PublishedRelease = Schema<"PublishedRelease">;

export type InternalMetrics = Schema<"InternalMetrics">;

export type SlaState = "on_track" | "at_risk" | "overdue" | "met" | "missed";

export type Approval = Schema<"Approval">;

export type Notification = Schema<"Notification">;

export type Attachment = Schema<"Attachment">;

export type Communication = Schema<"Communication">;

export type Template = Schema<"Template">;

export type Team = Schema<"Team">;

export interface Dashboard {
  kind: Kind | null;
  from: string;
  to: string;
  open: {
    total: number;
    by_kind: Partial<Record<Kind, number>>;
    by_status: Record<string, number>;
    by_priority: Record<string, number>;
    by_category_group: { kind: Kind; group: string; label: string; count: number }[];
  };
  overdue: number;
  created_today: number;
  created_this_week: number;
  created_in_period: number;
  resolved_in_period: number;
  avg_resolution_hours: number | null;
  avg_resolution_hours_by_kind: Partial<Record<Kind, number | null>>;
  sla: { met: number; missed: number };
  status_distribution: { status: string; label: string; count: number }[];
  volume_per_day: { date: string; created: number; resolved: number }[];
  resolution_time_by_kind: { kind: Kind; label: string; resolved: number; avg_hours: number | null }[];
  top_categories: { kind: Kind; category: string; label: string; group?: string; count: number }[];
  agents: { user_id: number; name: string; resolved: number; avg_resolution_hours: number | null; open: number }[];
  satisfaction?: Schema<"Satisfaction">;
}

/** A list row (GET .../list without fields=full): what a list shows, without the long texts,
 * the outcome's details and the allowed transitions; open the ticket for the rest. */
export type TicketRow = Pick<
  Ticket,
  | "ticket_id"
  | "number"
  | "kind"
  | "title"
  | "category"
  | "category_label"
  | "priority"
  | "priority_rank"
  | "status"
  | "status_label"
  | "customer_id"
  | "so_id"
  | "invoice_id"
  | "woo_order_number"
  | "customer_name"
  | "affected_module"
  | "batch_number"
  | "within_policy_window"
  | "days_late"
  | "policy_window_label"
  | "on_roadmap"
  | "release_id"
  | "created_by"
  | "assigned_to"
  | "assigned_to_name"
  | "team_id"
  | "team_name"
  | "created_at"
  | "updated_at"
  | "escalation_level"
  | "sla_due_at"
  | "sla_state"
  | "sla_paused"
  | "sla_seconds_left"
>;

export interface TicketPage {
  items: TicketRow[];
  total: number;
  limit: number;
  next_cursor: string | null;
}

export interface TimelineEvent {
  event_id?: number;
  type: string;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  comment_id?: number;
  comment_text?: string;
  visibility?: string;
  field?: string | null;
  old_value?: string | null;
  new_value?: string | null;
  note?: string | null;
}

export interface Customer {
  customer_id: string;
  name: string;
  type: string;
  phone: string | null;
  email: string | null;
}

export type OrderLine = Schema<"OrderLine">;
export type Allocation = Schema<"Allocation">;
export type Invoice = Schema<"Invoice">;
export type OrderContext = Schema<"OrderContext">;

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  status: number;
  code: string;
  field: string | null;
  /** Every failing field of the request, the first being `field` (the envelope's `errors`). */
  errors: FieldError[];
  constructor(status: number, code: string, message: string, field: string | null, errors: FieldError[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.errors = errors.length ? errors : field ? [{ field, message }] : [];
  }
}

type Envelope = { error?: { code?: string; message?: string; field?: string | null; errors?: FieldError[] } } | null;

function apiError(res: Response, data: unknown): ApiError {
  const e = (data as Envelope)?.error;
  return new ApiError(
    res.status,
    e?.code ?? "http_" + res.status,
    e?.message ?? `The server answered ${res.status} ${res.statusText}.`,
    e?.field ?? null,
    e?.errors ?? [],
  );
}

/** Fired after every write the server accepted (any method but GET, previews aside), so the
 *  data layer (query.ts) refetches what is shown: nothing on screen is older than a change. */
export const CHANGED_EVENT = "ticketd:changed";
const changed = (method: string, path: string) => {
  if (method !== "GET" && !/\/preview(\?|$)/.test(path)) window.dispatchEvent(new Event(CHANGED_EVENT));
};

/** Fired when the server says the session is gone (401), so the app can show sign-in. */
export const UNAUTHORIZED_EVENT = "ticketd:unauthorized";

export async function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    // A cancelled request (the page left, or the query changed) is no error to show.
    if (signal?.aborted) throw e;
    throw new ApiError(0, "network", "Cannot reach the server. Check the connection and try again.", null);
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = apiError(res, data);
    if (res.status === 401 && path !== "/api/auth/login") window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw err;
  }
  changed(method, path);
  return data as T;
}

/** Sends a multipart/form-data body (files); the browser sets the boundary. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method: "POST", credentials: "same-origin", headers: { Accept: "application/json" }, body: form });
  } catch {
    throw new ApiError(0, "network", "Cannot reach the server. Check the connection and try again.", null);
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    if (res.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw apiError(res, data);
  }
  changed("POST", path);
  return data as T;
}

export const put = <T>(path: string, body?: unknown) => api<T>("PUT", path, body ?? {});

export const del = <T>(path: string) => api<T>("DELETE", path);
/** A GET; `signal` cancels it (TanStack Query passes one to every query). */
export const get = <T>(path: string, signal?: AbortSignal) => api<T>("GET", path, undefined, signal);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body ?? {});

export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? "?" + s : "";
}

export const ticketPath = (kind: Kind, id?: number | string, action?: string) =>
  `/api/tickets/${kind}${id !== undefined ? "/" + id : ""}${action ? "/" + action : ""}`;
