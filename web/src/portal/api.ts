// The customer portal's API (/api/portal/...): the shapes come from docs/openapi.yaml
// (generated at each build), the calls go through the staff app's one fetch wrapper, which
// turns the error envelope into an ApiError.  A portal session is its own cookie
// (ticketd_portal); nothing here reaches the staff API.
import type { Schema } from "../schema";
export { ApiError, get, post, postForm } from "../api";

export type Me = Schema<"PortalMe">;
export type Delivery = Schema<"PortalDelivery">;
export type Window = Schema<"PortalWindow">;
export type PortalTicket = Schema<"PortalTicket">;
export type TicketDetail = Schema<"PortalTicketDetail">;
export type ThreadEntry = Schema<"PortalThreadEntry">;
export type Claimed = Schema<"PortalClaimed">;
export type Survey = Schema<"PortalSurvey">;
export type SurveyInfo = Schema<"PortalSurveyInfo">;
export type Photo = Schema<"PortalPhoto">;

export const ticketPath = (number: string, action?: string) => `/api/portal/tickets/${encodeURIComponent(number)}${action ? "/" + action : ""}`;

export const photoUrl = (id: number, thumb = false) => `/api/portal/photos/${id}${thumb ? "?size=thumb" : ""}`;

/** The token after "#t=" in the address (links keep it out of server logs). */
export function hashToken(): string {
  const m = /(?:^#|&)t=([^&]+)/.exec(window.location.hash);
  return m ? decodeURIComponent(m[1]!) : "";
}
