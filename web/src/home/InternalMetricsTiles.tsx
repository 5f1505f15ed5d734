import { Bug, CheckCircle2, Lightbulb, Timer } from "lucide-react";
import { Link } from "react-router";
import { useApi } from "../query";
import { type InternalMetrics } from "../api";
import { Banner, Spinner, errorText } from "../components/ui";
import { useSession } from "../session";
import { hours } from "./hours";

/** The ERP work in numbers, for developers and reporters (GET /api/metrics/internal). */
export function InternalMetricsTiles() {
  const { catalog } = useSession();
  const q = useApi<InternalMetrics>("/api/metrics/internal");
  const m = q.data ?? null;
  if (q.error) return <Banner>{errorText(q.error)}</Banner>;
  if (!m) return <Spinner label="Counting internal tickets…" />;
  const prios = catalog.kinds.internal.priorities;
  const openBugs = Object.values(m.open_bugs).reduce((a, b) => a + b, 0);
  return (
    <section className="tiles" aria-label="Internal tickets" data-testid="internal-metrics">
      <Link to="/tickets/internal?category=bug" className={`tile${m.open_bugs.critical ? " tile-danger" : ""}`}>
        <span className="tile-label">
          <Bug size={16} aria-hidden="true" /> Open bugs
        </span>
        <span className="tile-value" data-testid="open-bugs">
          {openBugs}
        </span>
        <span className="tile-sub">
          {prios
            .map((p) => [p.label, m.open_bugs[p.code as keyof InternalMetrics["open_bugs"]]] as const)
            .filter(([, n]) => n !== undefined)
            .map(([l, n]) => `${l} ${n}`)
            .join(" · ")}
        </span>
      </Link>
      <Link to="/tickets/internal?on_roadmap=true" className="tile">
        <span className="tile-label">
          <Lightbulb size={16} aria-hidden="true" /> Feature backlog
        </span>
        <span className="tile-value">{m.feature_backlog}</span>
        <span className="tile-sub">{m.on_roadmap} on the roadmap</span>
      </Link>
      <div className="tile">
        <span className="tile-label">
          <Timer size={16} aria-hidden="true" /> Avg resolution
        </span>
        <span className="tile-value">{m.resolved_last_90_days ? hours(m.avg_resolution_hours) : "—"}</span>
        <span className="tile-sub">{m.resolved_last_90_days} resolved in 90 days</span>
      </div>
      <div className="tile">
        <span className="tile-label">
          <CheckCircle2 size={16} aria-hidden="true" /> Bugs fixed this week
        </span>
        <span className="tile-value" data-testid="bugs-fixed">
          {m.bugs_fixed_this_week}
        </span>
        <span className="tile-sub">Since Monday</span>
      </div>
    </section>
  );
}
