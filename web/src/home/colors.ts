// What the home page and its lazily loaded charts share: colours by status and kind, and
// the shape of the chart data the page derives from GET /api/dashboard.
import type { Kind } from "../api";

export const STATUS_COLORS: Record<string, string> = {
  new: "#3b82c4",
  assigned: "#7c62c9",
  triaged: "#2a9d8f",
  in_progress: "#e09a2d",
  awaiting_customer: "#d16b8a",
  resolved: "#3f9a5c",
  closed: "#a3aaa4",
};
export const KIND_COLORS: Record<Kind, string> = { b2b: "#2f7a4b", b2c: "#e2792f", internal: "#3b82c4" };

export interface HomeCharts {
  pie: { code: string; name: string; value: number }[];
  volume: { date: string; created: number; resolved: number; day: string }[];
  resolution: { kind: Kind; name: string; hours: number; resolved: number }[];
  top: { kind: Kind; category: string; label: string; count: number; name: string }[];
  agents: { name: string; resolved: number; open: number; avg: number | null }[];
  byPriority: { code: string; label: string; n: number }[];
  byStatus: { code: string; label: string; n: number }[];
  slaRate: number | null;
}
