// When a complaint has investigation actions (root cause, farm flag), and the farms it can be
// pinned on: apart from InvestigationActions.tsx so that the ticket page can decide which
// sections it has without loading them.
import type { Ticket } from "../api";
import { isStaff } from "./paths";

/** The farms a complaint can be pinned on: its batch's, else those of the order's batches. */
export function candidateFarms(t: Ticket): { farm_id: string; name: string }[] {
  const seen = new Map<string, string>();
  if (t.batch) seen.set(t.batch.farm_id, t.batch.farm_name);
  else for (const l of t.order_context?.order.lines ?? []) for (const a of l.allocations ?? []) if (!seen.has(a.farm_id)) seen.set(a.farm_id, a.farm_name);
  return [...seen].map(([farm_id, name]) => ({ farm_id, name }));
}

/** Whether the ticket page has investigation actions (root cause, farm flag) for this role. */
export const hasInvestigation = (t: Ticket, role: string) =>
  t.kind !== "internal" && isStaff(role) && (t.category_group === "quality" || candidateFarms(t).length > 0);
