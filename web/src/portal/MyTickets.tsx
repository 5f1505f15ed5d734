// The customer's requests, newest first, with their status.
import { ChevronRight } from "lucide-react";
import { Link } from "react-router";
import { useApi } from "../query";
import type { PortalTicket } from "./api";
import { Banner, Spinner, errorText, when, useTitle } from "./ui";

export function StatusPill({ status, label }: { status: string; label: string }) {
  return <span className={`p-pill p-pill-${status}`}>{label}</span>;
}

export default function MyTickets() {
  useTitle("Your requests");
  const q = useApi<{ items: PortalTicket[] }>("/api/portal/tickets");
  return (
    <>
      <h1>Your requests</h1>
      {q.isPending && <Spinner />}
      {q.error && <Banner>{errorText(q.error)}</Banner>}
      {q.data?.items.length === 0 && <p className="p-card">No requests yet.</p>}
      <ul className="p-list" aria-label="Your requests">
        {q.data?.items.map((t) => (
          <li key={t.number}>
            <Link className="p-card p-ticket-row" to={`/tickets/${encodeURIComponent(t.number)}`} data-testid="ticket-row">
              <div className="p-grow">
                <p className="p-mono p-small">{t.number}</p>
                <h2>{t.category_label}</h2>
                <p className="p-muted p-small">{when(t.created_at)}</p>
              </div>
              <StatusPill status={t.status} label={t.status_label} />
              <ChevronRight size={20} aria-hidden="true" />
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
