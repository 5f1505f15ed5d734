// Human words for the API's field names and roles, and readable error messages.
import type { Kind } from "./api";

export const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  description: "Description",
  category: "Issue category",
  priority: "Priority",
  customer_id: "Customer",
  so_id: "Sales order",
  invoice_id: "Invoice",
  woo_order_number: "WooCommerce order",
  customer_name: "Customer name",
  customer_email: "Customer email",
  customer_phone: "Customer phone",
  delivery_date: "Delivery date",
  batch_number: "Batch number",
  items_affected: "Items affected",
  requested_resolution: "Requested resolution",
  preferred_resolution_date: "Preferred resolution date",
  steps_to_reproduce: "Steps to reproduce",
  expected_behavior: "Expected behaviour",
  actual_behavior: "Actual behaviour",
  affected_module: "Affected module",
  assigned_to: "Assignee",
  status: "Status",
  resolution_type: "Resolution",
  notes: "Resolution notes",
  comment_text: "Comment",
  visibility: "Visibility",
  email: "Email",
  password: "Password",
  note: "Note",
  within_policy_window: "Policy window",
  days_late: "Days late",
  q: "Search",
};

export const fieldLabel = (f: string) => FIELD_LABELS[f] ?? f.replace(/_/g, " ");

/** The API's messages name fields in quotes ('customer_name' is required); say them as
 *  people do ("Customer name is required"). */
export function humanize(message: string): string {
  let m = message.replace(/'([a-z_]+)'/g, (whole, f: string) => (FIELD_LABELS[f] ? FIELD_LABELS[f] : whole));
  m = m.replace(/\(([a-z_]+)\)/g, (whole, f: string) => (FIELD_LABELS[f] ? `(${FIELD_LABELS[f].toLowerCase()})` : whole));
  return m.charAt(0).toUpperCase() + m.slice(1);
}

export const ROLE_LABELS: Record<string, string> = {
  agent: "Support agent",
  manager: "Manager",
  admin: "Admin",
  developer: "Developer",
  reporter: "Reporter",
};
export const roleLabel = (r: string) => ROLE_LABELS[r] ?? r;

export const KIND_SHORT: Record<Kind, string> = { b2b: "B2B", b2c: "B2C", internal: "Internal" };
/** The kind inside a sentence: "Create internal ticket", "New B2B ticket". */
export const KIND_WORD: Record<Kind, string> = { b2b: "B2B", b2c: "B2C", internal: "internal" };
export const KIND_NOUN: Record<Kind, string> = {
  b2b: "Hotels & restaurants",
  b2c: "Home deliveries",
  internal: "ERP issues",
};

export const CUSTOMER_TYPE: Record<string, string> = { hotel: "Hotel", restaurant: "Restaurant", home: "Home" };

export const OPEN_STATUSES = new Set(["new", "assigned", "triaged", "in_progress", "awaiting_customer"]);

const inr = new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR", maximumFractionDigits: 2 });
export const money = (n: number) => inr.format(n);
const qtyFmt = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 3 });
export const qty = (n: number | null | undefined) => (n === null || n === undefined ? "—" : qtyFmt.format(n));

/** Human words for codes the catalog serves (the catalog gives the codes and their order;
 *  an unknown code is shown tidied up). */
const CODE_WORDS: Record<string, string> = {
  phone: "Phone call",
  whatsapp: "WhatsApp",
  email: "Email",
  sms: "SMS",
  in_person: "In person",
  portal: "On the portal",
  none: "No confirmation",
  manual: "Manual (a manager assigns)",
  round_robin: "Round robin",
  least_open: "Least open tickets",
};
export const codeLabel = (c: string | null | undefined) => (c ? (CODE_WORDS[c] ?? c.charAt(0).toUpperCase() + c.slice(1).replace(/_/g, " ")) : "—");
const CONFIRM_WORDS: Record<string, string> = {
  phone: "By phone",
  whatsapp: "On WhatsApp",
  email: "By email",
  sms: "By SMS",
  in_person: "In person",
  portal: "On the portal",
  none: "No confirmation",
  auto: "Closed automatically",
};
export const confirmationLabel = (c: string) => CONFIRM_WORDS[c] ?? codeLabel(c);

/** Root causes come from the catalog (GET /api/catalog root_causes); the session sets them. */
let rootCauses: { code: string; label: string }[] = [];
export const setRootCauses = (list: { code: string; label: string }[]) => {
  rootCauses = list;
};
export const rootCauseLabel = (c: string | null | undefined) => (c ? (rootCauses.find((r) => r.code === c)?.label ?? codeLabel(c)) : "—");
export const monthLabel = (m: string) => {
  const [y, mo] = m.split("-").map(Number);
  return new Intl.DateTimeFormat("en-IN", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y!, (mo ?? 1) - 1, 1)));
};

const CONTACT_WORDS: Record<string, string> = {
  phone: "a phone call",
  whatsapp: "a WhatsApp message",
  email: "an email",
  sms: "an SMS",
  in_person: "a conversation in person",
};
/** "an inbound WhatsApp message from the customer": what a logged communication was, in
 *  words, for "Priya logged …". */
export function contactWords(channel: string | null | undefined, direction: string | null | undefined): string {
  const what = (channel && CONTACT_WORDS[channel]) ?? `a ${codeLabel(channel).toLowerCase()} contact`;
  if (direction === "inbound") return `${what} from the customer`;
  if (direction === "outbound") return `${what} to the customer`;
  return `${what} with the customer`;
}
