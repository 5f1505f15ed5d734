// A short list of tickets (my queue, the quick lists): one row each, its flags and status.
import { Link } from "react-router";
import { type TicketRow } from "../api";
import { PolicyFlag, PriorityBadge, SlaBadge, StatusBadge } from "../components/ui";
import { fmtAgo } from "../time";

export function MiniList({ tickets }: { tickets: TicketRow[] }) {
  return (
    <ul className="mini" role="list">
      {tickets.map((t) => (
        <li key={t.number}>
          <Link to={`/tickets/${t.kind}/${t.ticket_id}`} className="mini-row">
            <span className="mini-main">
              <span className="mini-top">
                <span className="num">{t.number}</span>
                <PriorityBadge priority={t.priority} />
                <SlaBadge state={t.sla_state} secondsLeft={t.sla_seconds_left} compact />
                <PolicyFlag within={t.within_policy_window} daysLate={t.days_late} label={t.policy_window_label} compact />
              </span>
              <span className="mini-title">{t.title ?? t.category_label}</span>
            </span>
            <span className="mini-side">
              <StatusBadge status={t.status} label={t.status_label} />
              <span className="muted small">{fmtAgo(t.updated_at)}</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
