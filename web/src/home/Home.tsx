// Home: the dashboard.  Every number and chart comes from one call (GET /api/dashboard) for
// the chosen kind and period; the user's queue and the recent tickets come from the lists.
import { AlertTriangle, ArrowRight, Building2, CalendarClock, Clock, Gauge, Inbox, Rocket, ServerCog, Timer, Trash2, Truck, UserCheck } from "lucide-react";
import { lazy, useCallback, useMemo, useState, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { useApi, useFirstDeferred } from "../query";
import { query, type Dashboard, type Kind, type TicketPage } from "../api";
import { Banner, Spinner, errorText } from "../components/ui";
import { KIND_NOUN, KIND_SHORT } from "../labels";
import { ChartBox } from "./ChartBox";
import { KIND_COLORS, STATUS_COLORS, type HomeCharts } from "./colors";
import { useSession, useTitle } from "../session";
import { greeting, localDate } from "../time";
import { ChartCard } from "./ChartCard";
import { ChartTable } from "./ChartTable";
import { Breakdown } from "./Breakdown";
import { MiniList } from "./MiniList";
import { InternalMetricsTiles } from "./InternalMetricsTiles";
import { QUICK, QuickLists } from "./QuickLists";
import { hours } from "./hours";
import { Satisfaction } from "./Satisfaction";

const KIND_ICON: Record<Kind, ReactNode> = {
  b2b: <Building2 size={20} aria-hidden="true" />,
  b2c: <Truck size={20} aria-hidden="true" />,
  internal: <ServerCog size={20} aria-hidden="true" />,
};

const PERIODS = [
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
];

const listWords = (w: string[]) => (w.length < 2 ? w.join("") : `${w.slice(0, -1).join(", ")} and ${w[w.length - 1]}`);

const shortDay = new Intl.DateTimeFormat("en-IN", { timeZone: "UTC", day: "numeric", month: "short" });

const dayLabel = (d: string) => shortDay.format(new Date(d + "T00:00:00Z"));

// The chart library loads only where charts are shown, after the figures: each chart sits in
// a box of its final height, so nothing moves when it arrives.
const LazyChart = lazy(() => import("../home/charts"));

/* One card of the quick actions: an icon, a title and a line under it. */
function QuickAction({
  to,
  tone = "neutral",
  testId,
  icon,
  title,
  sub,
}: {
  to: string;
  tone?: "neutral" | "warn";
  testId?: string;
  icon: ReactNode;
  title: string;
  sub: string;
}) {
  return (
    <Link to={to} className={`qa qa-${tone}`} data-testid={testId}>
      <span className="qa-icon">{icon}</span>
      <span className="qa-text">
        <strong>{title}</strong>
        <span>{sub}</span>
      </span>
    </Link>
  );
}

export default function Home() {
  const { me, catalog, kinds } = useSession();
  useTitle("Dashboard");
  const [params, setParams] = useSearchParams();
  const days = Number(params.get("days")) || 30;
  const kindParam = params.get("kind") as Kind | null;
  const kind = kindParam && kinds.includes(kindParam) ? kindParam : null;
  const staff = me.role === "agent" || me.role === "manager" || me.role === "admin";
  // The kinds whose tickets this user works, as the server says (GET /api/me).
  const works = (k: Kind) => !!me.works?.includes(k);
  const assignable = kinds.some((k) => works(k));

  // Every figure and chart from one call, for the chosen kind and period; my queue is one list
  // across the kinds (or the chosen one): open tickets assigned to me.  Both cached, so coming
  // back to the home page shows them at once, and refetched when a ticket changes.
  const to = localDate(new Date());
  const from = localDate(new Date(Date.now() - (days - 1) * 86_400_000));
  const dashQ = useApi<Dashboard>(staff && "/api/dashboard" + query({ kind, from, to }));
  const mineQ = useApi<TicketPage>(
    assignable && "/api/tickets/list" + query({ kind, assigned_to: "me", open: "true", sort: "sla_due_at", order: "asc", limit: 50 }),
  );
  // The quick lists show below the dashboard once it has arrived, but their first tab is
  // asked for now, beside it (QuickLists then reads it from the cache).
  useApi<TicketPage>("/api/tickets/list" + query({ ...QUICK[0].params, limit: 8 }));
  // The dashboard renders at transition priority (in slices, the browser let in between), not
  // in one long task as it arrives.
  const dash = useFirstDeferred(dashQ.data ?? null);
  const mine = mineQ.error ? [] : (mineQ.data?.items ?? null);
  const failed = dashQ.error ?? mineQ.error;
  const error = failed ? errorText(failed) : null;
  const [quickReady, setQuickReady] = useState(false);
  const onQuickReady = useCallback(() => setQuickReady(true), []);

  const first = kind ?? kinds[0];
  const today = to;
  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const charts = useMemo((): HomeCharts | null => {
    if (!dash) return null;
    const statusOrder = Object.keys(STATUS_COLORS);
    const pie = [...dash.status_distribution]
      .sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status))
      .map((s) => ({ code: s.status, name: s.label, value: s.count }));
    const volume = dash.volume_per_day.map((v) => ({ ...v, day: dayLabel(v.date) }));
    const resolution = dash.resolution_time_by_kind.map((r) => ({
      kind: r.kind,
      name: KIND_SHORT[r.kind],
      hours: r.avg_hours === null ? 0 : Number(r.avg_hours.toFixed(1)),
      resolved: r.resolved,
    }));
    const top = dash.top_categories.map((c) => ({ ...c, name: (dash.kind ? "" : KIND_SHORT[c.kind] + " · ") + c.label }));
    const agents = dash.agents.map((a) => ({ name: a.name, resolved: a.resolved, open: a.open, avg: a.avg_resolution_hours }));
    const priorities = new Map<string, string>();
    for (const k of kinds) for (const p of catalog.kinds[k].priorities) priorities.set(p.code, p.label);
    const byPriority = Object.entries(dash.open.by_priority).map(([code, n]) => ({ code, label: priorities.get(code) ?? code, n }));
    const statusLabel = new Map<string, string>();
    for (const k of kinds) for (const s of catalog.kinds[k].statuses) statusLabel.set(s.code, s.label);
    const byStatus = Object.entries(dash.open.by_status).map(([code, n]) => ({ code, label: statusLabel.get(code) ?? code, n }));
    const slaTotal = dash.sla.met + dash.sla.missed;
    return { pie, volume, resolution, top, agents, byPriority, byStatus, slaRate: slaTotal ? Math.round((dash.sla.met * 100) / slaTotal) : null };
  }, [dash, kinds, catalog]);

  // Every figure and shortcut opens the list across kinds (or of the chosen kind) with the
  // filters that count it, so the number shown is the number of rows that open.
  const listOf = (filters: Record<string, string>) => "/tickets" + query({ kind, ...filters });
  const MINE: Record<string, string> = assignable ? { assigned_to: "me", open: "true" } : { created_by: "me" };
  const OVERDUE = { open: "true", overdue: "true", sort: "sla_due_at", order: "asc" };

  const lowerReady = quickReady && (mine !== null || !assignable);
  return (
    <div className="home">
      <section className="hero">
        <div>
          <h1>
            {greeting()}, {me.name.split(" ")[0]}
          </h1>
          <p className="muted">
            Here is what needs attention across {listWords((kind ? [kind] : kinds).map((k) => (k === "internal" ? "internal" : KIND_SHORT[k])))} tickets.
          </p>
        </div>
        {staff && (
          <div className="dash-controls" role="group" aria-label="Dashboard view">
            <label className="filter">
              <span>Tickets</span>
              <select value={kind ?? ""} onChange={(e) => setParam("kind", e.target.value || null)} aria-label="Kind of tickets">
                <option value="">All kinds</option>
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {KIND_SHORT[k]}
                  </option>
                ))}
              </select>
            </label>
            <div className="segmented" role="radiogroup" aria-label="Period">
              {PERIODS.map((p) => (
                <label key={p.days} className={days === p.days ? "on" : undefined}>
                  <input type="radio" name="period" checked={days === p.days} onChange={() => setParam("days", p.days === 30 ? null : String(p.days))} />
                  {p.label}
                </label>
              ))}
            </div>
          </div>
        )}
      </section>

      <section aria-labelledby="qa-h" className="quick">
        <h2 id="qa-h" className="sr-only">
          Quick actions
        </h2>
        {kinds.map((k) => (
          <Link key={k} to={`/tickets/${k}/new`} className={`qa qa-${k}`}>
            <span className="qa-icon">{KIND_ICON[k]}</span>
            <span className="qa-text">
              <strong>New {k === "internal" ? "internal" : KIND_SHORT[k]} ticket</strong>
              <span>{KIND_NOUN[k]}</span>
            </span>
          </Link>
        ))}
        {first && (
          <QuickAction
            to={listOf(MINE)}
            testId="qa-mine"
            icon={<UserCheck size={20} aria-hidden="true" />}
            title="My tickets"
            sub={assignable ? "Open and assigned to me" : "The ones I reported"}
          />
        )}
        {first && (
          <QuickAction
            to={listOf(OVERDUE)}
            tone="warn"
            testId="qa-overdue"
            icon={<AlertTriangle size={20} aria-hidden="true" />}
            title="Overdue tickets"
            sub="Past their SLA, most overdue first"
          />
        )}
        {first && (
          <QuickAction
            to={listOf({ sort: "updated_at" })}
            testId="qa-recent"
            icon={<Clock size={20} aria-hidden="true" />}
            title="Recent tickets"
            sub="Latest activity first"
          />
        )}
        {(me.role === "manager" || me.role === "admin") && (
          <QuickAction
            to="/wastage"
            icon={<Trash2 size={20} aria-hidden="true" />}
            title="Wastage"
            sub="Losses by farm, product and month"
          />
        )}
        {me.role === "admin" && (
          <QuickAction
            to="/releases"
            icon={<Rocket size={20} aria-hidden="true" />}
            title="Releases"
            sub="Plan and publish ERP releases"
          />
        )}
      </section>

      {error && <Banner>{error}</Banner>}
      {kinds.includes("internal") && (!staff || kind === "internal") && <InternalMetricsTiles />}
      {staff && !dash && !error && <Spinner label="Counting tickets…" />}
      {dash && charts && (
        <>
          <section className="tiles" aria-label="Counts">
            <Link to={listOf({ open: "true" })} className="tile" data-testid="tile-open">
              <span className="tile-label">
                <Inbox size={16} aria-hidden="true" /> Open tickets
              </span>
              <span className="tile-value" data-testid="open-total">
                {dash.open.total}
              </span>
              <span className="tile-sub">{(Object.entries(dash.open.by_kind) as [Kind, number][]).map(([k, n]) => `${KIND_SHORT[k]} ${n}`).join(" · ")}</span>
            </Link>
            <Link to={listOf(OVERDUE)} className={`tile${dash.overdue ? " tile-danger" : ""}`} data-testid="tile-overdue">
              <span className="tile-label">
                <AlertTriangle size={16} aria-hidden="true" /> Overdue
              </span>
              <span className="tile-value" data-testid="overdue-total">
                {dash.overdue}
              </span>
              <span className="tile-sub">Open and past the SLA due time</span>
            </Link>
            <Link to={listOf({ created_from: today, sort: "created_at" })} className="tile" data-testid="tile-today">
              <span className="tile-label">
                <CalendarClock size={16} aria-hidden="true" /> Created today
              </span>
              <span className="tile-value" data-testid="created-today">
                {dash.created_today}
              </span>
              <span className="tile-sub">{dash.created_this_week} this week</span>
            </Link>
            <div className="tile">
              <span className="tile-label">
                <Timer size={16} aria-hidden="true" /> Avg resolution
              </span>
              <span className="tile-value">{hours(dash.avg_resolution_hours)}</span>
              <span className="tile-sub">
                {dash.resolved_in_period} resolved in {days} days
              </span>
            </div>
            <div className="tile">
              <span className="tile-label">
                <Gauge size={16} aria-hidden="true" /> SLA met
              </span>
              <span className="tile-value">{charts.slaRate === null ? "—" : `${charts.slaRate}%`}</span>
              <span className="tile-sub">
                {dash.sla.met} met · {dash.sla.missed} missed
              </span>
            </div>
          </section>

          <section className="charts">
            <ChartCard title="Ticket volume" sub={`Created and resolved per day, last ${days} days`} wide testid="chart-volume">
              <ChartBox height={240}>
                <LazyChart name="volume" charts={charts} dash={dash} />
              </ChartBox>
              <ChartTable
                caption="Tickets per day"
                head={["Day", "Created", "Resolved"]}
                rows={dash.volume_per_day.map((v) => [v.date, v.created, v.resolved])}
                testid="table-volume"
              />
            </ChartCard>
            <ChartCard title="Status distribution" sub={`Tickets created in the last ${days} days, by status now`} testid="chart-status">
              {charts.pie.length === 0 ? (
                <p className="muted">No tickets in this period.</p>
              ) : (
                <ChartBox height={240}>
                  <LazyChart name="status" charts={charts} dash={dash} />
                </ChartBox>
              )}
              <ChartTable caption="Tickets by status" head={["Status", "Tickets"]} rows={charts.pie.map((d) => [d.name, d.value])} testid="table-status" />
            </ChartCard>
            <ChartCard title="Resolution time by kind" sub="Average hours from creation to resolution" testid="chart-resolution">
              <ChartBox height={240}>
                <LazyChart name="resolution" charts={charts} dash={dash} />
              </ChartBox>
              <ChartTable
                caption="Average resolution time by kind"
                head={["Kind", "Average hours", "Resolved"]}
                rows={charts.resolution.map((r) => [r.name, r.hours, r.resolved])}
                testid="table-resolution"
              />
            </ChartCard>
            <ChartCard title="Top issue categories" sub={`Most reported in the last ${days} days`} testid="chart-categories">
              {charts.top.length === 0 ? (
                <p className="muted">No tickets in this period.</p>
              ) : (
                <ChartBox height={Math.max(120, charts.top.length * 34 + 20)}>
                  <LazyChart name="top" charts={charts} dash={dash} />
                </ChartBox>
              )}
              <ChartTable
                caption="Top issue categories"
                head={["Category", "Tickets"]}
                rows={charts.top.map((c) => [c.name, c.count])}
                testid="table-categories"
              />
            </ChartCard>
            <ChartCard title="Agent performance" sub={`Resolved in the last ${days} days, and open work now`} testid="chart-agents">
              {charts.agents.length === 0 ? (
                <p className="muted">Nobody has resolved or holds an open ticket yet.</p>
              ) : (
                <ChartBox height={Math.max(140, charts.agents.length * 40 + 40)}>
                  <LazyChart name="agents" charts={charts} dash={dash} />
                </ChartBox>
              )}
              <ChartTable
                caption="Agent performance"
                head={["Agent", "Resolved", "Open now"]}
                rows={charts.agents.map((a) => [a.name, a.resolved, a.open])}
                testid="table-agents"
              />
            </ChartCard>
            <Satisfaction sat={dash.satisfaction} days={days} />
            <section className="card chart-card chart-wide" aria-labelledby="open-h">
              <h2 id="open-h">Open work</h2>
              <p className="muted small">Not yet resolved, right now</p>
              <div className="open-work">
                <div>
                  <h3 className="mini-h">By status</h3>
                  <Breakdown
                    rows={charts.byStatus.map((r) => ({ key: r.code, label: r.label, n: r.n, color: STATUS_COLORS[r.code] }))}
                    total={dash.open.total}
                  />
                </div>
                <div>
                  <h3 className="mini-h">By priority</h3>
                  <Breakdown rows={charts.byPriority.map((r) => ({ key: r.code, label: r.label, n: r.n }))} total={dash.open.total} />
                </div>
                <div>
                  <h3 className="mini-h">By category group</h3>
                  <Breakdown
                    rows={dash.open.by_category_group.map((g) => ({
                      key: g.kind + g.group,
                      label: dash.kind ? g.label : `${KIND_SHORT[g.kind]} · ${g.label}`,
                      n: g.count,
                      color: KIND_COLORS[g.kind],
                    }))}
                    total={dash.open.total}
                  />
                </div>
              </div>
            </section>
          </section>
        </>
      )}

      {/* What lies below the dashboard appears with it, not above it and then pushed down,
          and is shown once its lists have arrived, so nothing moves in view as they do. */}
      <div className="home-lower" style={lowerReady ? undefined : { visibility: "hidden" }}>
        {(!staff || dash || error) && <QuickLists onReady={onQuickReady} />}
        <section className="columns" hidden={staff && !dash && !error}>
          {assignable && (
            <div className="card">
              <div className="card-head">
                <h2>My queue</h2>
                <Link to={listOf(MINE)} className="link-more">
                  See all <ArrowRight size={14} aria-hidden="true" />
                </Link>
              </div>
              {!mine ? (
                <Spinner />
              ) : mine.length === 0 ? (
                <p className="muted">Nothing assigned to you is open. Pick up a new ticket from a list.</p>
              ) : (
                <MiniList tickets={mine.slice(0, 6)} />
              )}
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
