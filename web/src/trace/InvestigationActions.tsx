// On a complaint: the investigation (root cause, then flagging the farm).
import { type Ticket } from "../api";
import { useSession } from "../session";
import { candidateFarms, hasInvestigation } from "./investigation";
import { RootCauseForm } from "./RootCauseForm";
import { FarmFlagForm } from "./FarmFlagForm";

export { hasInvestigation };

/** Root cause of a quality complaint, and flagging the farm, for agents, managers and admins. */
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
