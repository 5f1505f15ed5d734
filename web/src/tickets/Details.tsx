// A ticket's fields, in the order a person reads them, with links to what they name.
import { type ReactNode } from "react";
import { Link } from "react-router";
import type { KindCatalog, Ticket } from "../api";
import { batchPath, customerPath, isStaff } from "../trace/paths";
import { fieldLabel } from "../labels";
import { useSession } from "../session";
import { fmtDate, fmtDateTime } from "../time";

/** "Quality issues › Damaged items", or just the category when it repeats its group's name. */
export function categoryText(t: Ticket, sep: string): string {
  const cat = t.category_label ?? t.category;
  const group = t.category_group_label;
  return group && !cat.toLowerCase().startsWith(group.toLowerCase()) ? `${group}${sep}${cat}` : cat;
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

export function Details({ ticket, kc }: { ticket: Ticket; kc: KindCatalog }) {
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
