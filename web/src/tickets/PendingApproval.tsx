import { Hourglass } from "lucide-react";
import { type Ticket } from "../api";
import { money } from "../labels";
import { fmtAgo, fmtDate } from "../time";

export function PendingApproval({ t }: { t: Ticket }) {
  const a = t.pending_approval;
  if (!a) return null;
  return (
    <div className="pending" role="status" data-testid="pending-approval">
      <Hourglass size={20} aria-hidden="true" />
      <div>
        <strong>Pending manager approval</strong>
        <p>
          {a.requested_by_name} asked to resolve with <b>{a.resolution_type.replace(/_/g, " ")}</b>
          {a.amount !== null ? ` of ${money(a.amount)}` : ""}
          {a.replacement_date ? ` on ${fmtDate(a.replacement_date)}` : ""} {fmtAgo(a.requested_at)}. The ticket stays in progress until a manager decides.
        </p>
      </div>
    </div>
  );
}
