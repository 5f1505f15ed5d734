// The tickets of a batch, farm or customer, newest first.
import { Link } from "react-router";
import { type InvestigationTicket, type Kind } from "../api";
import { rootCauseLabel } from "../labels";
import { useSession } from "../session";
import { fmtAgo } from "../time";

const ticketHref = (t: { kind: string; ticket_id: number }) => `/tickets/${t.kind}/${t.ticket_id}`;

/** Tickets on a batch or of a customer, as rows that become cards on a phone. */
export function TicketRows({ items, showCustomer, highlight }: { items: InvestigationTicket[]; showCustomer?: boolean; highlight?: string | null }) {
  const { catalog } = useSession();
  const status = (k: string, s: string) => catalog.kinds[k as Kind]?.statuses.find((x) => x.code === s)?.label ?? s;
  const category = (k: string, c: string) => {
    for (const g of catalog.kinds[k as Kind]?.category_groups ?? []) for (const x of g.categories) if (x.code === c) return x.label;
    return c;
  };
  if (items.length === 0) return <p className="muted">No tickets.</p>;
  return (
    <ul className="rows" role="list">
      {items.map((t) => (
        <li key={t.number} className={highlight === t.number ? "row-here" : undefined} data-testid="trace-ticket" data-number={t.number}>
          <Link to={ticketHref(t)} className="row-main">
            <span className="num">{t.number}</span> <span>{category(t.kind, t.category)}</span>
          </Link>
          {showCustomer && <span className="row-sub">{t.customer_name ?? "—"}</span>}
          <span className="row-meta">
            <span className={`badge status-${t.status}`}>
              <span className="badge-dot" aria-hidden="true" />
              {status(t.kind, t.status)}
            </span>
            {t.root_cause && <span className="chip-static">Cause: {rootCauseLabel(t.root_cause)}</span>}
            <span className="muted small">{fmtAgo(t.created_at)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
