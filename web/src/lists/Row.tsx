// One ticket in a list: a table row on a desk, a card on a phone.
import { Link } from "react-router";
import { type Customer, type TicketRow } from "../api";
import { PolicyFlag, PriorityBadge, SlaBadge, StatusBadge } from "../components/ui";
import { fmtAgo, fmtDateTime } from "../time";

function subline(t: TicketRow, customer?: Customer): string {
  const parts: string[] = [];
  if (t.kind === "b2b") {
    parts.push(customer?.name ?? t.customer_id ?? "");
    if (t.so_id) parts.push(t.so_id);
    else if (t.invoice_id) parts.push(t.invoice_id);
  } else if (t.kind === "b2c") {
    if (t.customer_name) parts.push(t.customer_name);
    if (t.woo_order_number) parts.push(t.woo_order_number);
    else if (t.so_id) parts.push(t.so_id);
  } else if (t.affected_module) parts.push(t.affected_module);
  if (t.category_label) parts.push(t.category_label);
  return parts.filter(Boolean).join(" · ");
}

export function Row({ t, customer }: { t: TicketRow; customer?: Customer }) {
  const href = `/tickets/${t.kind}/${t.ticket_id}`;
  return (
    <div className="trow" role="row" data-testid="ticket-row" data-number={t.number}>
      <span role="cell" className="t-main">
        <Link to={href} className="t-link">
          <span className="num">{t.number}</span>
          <span className="t-title">{t.title || t.category_label}</span>
        </Link>
        <span className="t-sub">{subline(t, customer)}</span>
        <span className="t-flags">
          <SlaBadge state={t.sla_state} secondsLeft={t.sla_seconds_left} paused={t.sla_paused} compact />
          <PolicyFlag within={t.within_policy_window} daysLate={t.days_late} label={t.policy_window_label} compact />
        </span>
      </span>
      <span role="cell" className="t-status">
        <StatusBadge status={t.status} label={t.status_label} />
      </span>
      <span role="cell" className="t-prio">
        <PriorityBadge priority={t.priority} />
      </span>
      <span role="cell" className={`t-assignee${t.assigned_to_name ? "" : " muted"}`}>
        {t.assigned_to_name ?? "Unassigned"}
      </span>
      <span role="cell" className="t-time muted" title={fmtDateTime(t.updated_at)}>
        {/* A card has no column header: on a phone the time says what it is. */}
        <span className="t-time-label">Updated </span>
        {fmtAgo(t.updated_at)}
      </span>
    </div>
  );
}
