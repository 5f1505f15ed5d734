// Who plans releases, and when a ticket shows its release card: apart from Releases.tsx so
// that the ticket page can decide which sections it has without loading them.
import type { Ticket } from "../api";

export const plansReleases = (role: string) => role === "developer" || role === "admin";

/** Whether the ticket page shows the release card to this role. */
export const hasPlan = (t: Ticket, role: string) => (plansReleases(role) && t.status !== "closed") || !!t.release_id || !!t.on_roadmap;
