// On a complaint: the investigation (root cause, then flagging the farm).
import { type Ticket } from "../api";
import { useSession } from "../session";
import { isStaff } from "./paths";
import { RootCauseForm } from "./RootCauseForm";
import { FarmFlagForm } from "./FarmFlagForm";

/** The farms a complaint can be pinned on: its batch's, else those of the order's batches. */
function candidateFarms(t: Ticket): { farm_id: string; name: string }[] {
  const seen = new Map<string, string>();
  if (t.batch) seen.set(t.batch.farm_id, t.batch.farm_name);
  else for (const l of t.order_context?.order.lines ?? []) for (const a of l.allocations ?? []) if (!seen.has(a.farm_id)) seen.set(a.farm_id, a.farm_name);
  return [...seen].map(([farm_id, name]) => ({ farm_id, name }));
}

/** Root cause of a quality complaint, and flagging the farm, for agents, managers and admins. */
/** Whether the ticket page has investigation actions (root cause, farm flag) for this role. */
export const hasInvestigation = (t: Ticket, role: string) =>
  t.kind !== "internal" && isStaff(role) && (t.category_group === "quality" || candidateFarms(t).length > 0);

export function InvestigationActions({ t, onChanged }: { t: Ticket; onChanged: (t: Ticket, message?: string) => void }) {
  const { me } = useSession();
  if (!hasInvestigation(t, me.role)) return null;
  const quality = t.category_group === "quality";
  const farms = candidateFarms(t);
  return (
    <section className="card" aria-labelledby="inv-h" data-testid="investigation-actions">
      <h2 id="inv-h">Investigation</h2>
      {quality && <RootCauseForm t={t} onChanged={onChanged} />}
      {farms.length > 0 && <FarmFlagForm t={t} farms={farms} />}
    </section>
  );
}
