// Who holds the ticket and who opened it, and when it was created, updated, resolved, closed.
import type { Ticket } from "../api";
import { fmtDateTime } from "../time";

export function PeopleAndDates({ ticket }: { ticket: Ticket }) {
  return (
    <section className="card facts">
      <h2>People and dates</h2>
      <dl>
        <dt>Assignee</dt>
        <dd data-testid="assignee">{ticket.assigned_to_name ?? <span className="muted">Unassigned</span>}</dd>
        {ticket.team_name && (
          <>
            <dt>Team</dt>
            <dd>{ticket.team_name}</dd>
          </>
        )}
        <dt>Opened by</dt>
        <dd>{ticket.created_by_name ?? "—"}</dd>
        <dt>Created</dt>
        <dd>{fmtDateTime(ticket.created_at)}</dd>
        <dt>Updated</dt>
        <dd>{fmtDateTime(ticket.updated_at)}</dd>
        {ticket.resolved_at && (
          <>
            <dt>Resolved</dt>
            <dd>{fmtDateTime(ticket.resolved_at)}</dd>
          </>
        )}
        {ticket.closed_at && (
          <>
            <dt>Closed</dt>
            <dd>{fmtDateTime(ticket.closed_at)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
