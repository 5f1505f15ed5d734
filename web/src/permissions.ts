// Which actions to offer whom.  The server decides (src/domain/policy.c) and its refusal is
// shown when it says no; this mirror only keeps buttons away from people who can never use
// them, because the ticket JSON does not (yet) say which actions the caller may take.
import type { Kind } from "./api";

const CUSTOMER_KINDS: Kind[] = ["b2b", "b2c"];

/** Assigning: "any" user, only "self" (an agent taking an unassigned ticket), or "none". */
export function assignScope(role: string, kind: Kind): "any" | "self" | "none" {
  if (role === "admin") return "any";
  if (CUSTOMER_KINDS.includes(kind)) return role === "manager" ? "any" : role === "agent" ? "self" : "none";
  return role === "developer" ? "any" : "none";
}

/** Whether a user of this role may be the assignee of this kind of ticket. */
export function canWork(role: string, kind: Kind): boolean {
  if (role === "admin") return true;
  return CUSTOMER_KINDS.includes(kind) ? role === "agent" || role === "manager" : role === "developer";
}

/** Moving the status and resolving are for those who work the kind; reporters, and staff on
 *  internal tickets, don't (they may still close what they filed once it is resolved). */
export const canMove = (role: string, kind: Kind) => canWork(role, kind);
export const canResolve = (role: string, kind: Kind) => canWork(role, kind);
