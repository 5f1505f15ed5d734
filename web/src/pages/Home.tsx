// Home: the dashboard.  Every number and chart comes from one call (GET /api/dashboard) for
// the chosen kind and period; the user's queue and the recent tickets come from the lists.
import {
  AlertTriangle,
  ArrowRight,
  Bug,
  Building2,
  CalendarClock,
  CheckCircle2,
  Clock,
  Gauge,
  Inbox,
  Lightbulb,
  Rocket,
  ServerCog,
  Timer,
  Trash2,
  Truck,
  UserCheck,
} from "lucide-react";
import { lazy, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { useApi } from "../query";
import { query, type Dashboard, type InternalMetrics, type Kind, type TicketPage, type TicketRow } from "../api";
import { Banner, PolicyFlag, PriorityBadge, SlaBadge, Spinner, StatusBadge, errorText } from "../components/ui";
import { KIND_NOUN, KIND_SHORT } from "../labels";
import { ChartBox } from "../home/ChartBox";
import { KIND_COLORS, STATUS_COLORS, type HomeCharts } from "../home/colors";
import { useSession, useTitle } from "../session";
import { fmtAgo, greeting, localDate } from "../time";

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

function hours(h: number | null | undefined): string {
  if (h === null || h === undefined) return "—";
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${h.toFixed(h < 10 ? 1 : 0)} h`;
  return `${(h / 24).toFixed(1)} days`;
}

const shortDay = new Intl.DateTimeFormat("en-IN", { timeZone: "UTC", day: "numeric", month: "short" });
const dayLabel = (d: string) => shortDay.format(new Date(d + "T00:00:00Z"));

// The chart library loads only where charts are shown, after the figures: each chart sits in
// a box of its final height, so nothing moves when it arrives.
const LazyChart = lazy(() => import("../home/charts"));

function ChartCard({ title, sub, children, wide, testid }: { title: string; sub?: string; children: ReactNode; wide?: boolean; testid?: string }) {
  return (
    <section className={`card chart-card${wide ? " chart-wide" : ""}`} data-testid={testid}>
      <h2>{title}</h2>
      {sub && <p className="muted small">{sub}</p>}
      {children}
    </section>
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
  const dash = dashQ.data ?? null;
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
          <Link to={listOf(MINE)} className="qa qa-neutral" data-testid="qa-mine">
            <span className="qa-icon">
              <UserCheck size={20} aria-hidden="true" />
            </span>
            <span className="qa-text">
              <strong>My tickets</strong>
              <span>{assignable ? "Open and assigned to me" : "The ones I reported"}</span>
            </span>
          </Link>
        )}
        {first && (
          <Link to={listOf(OVERDUE)} className="qa qa-warn" data-testid="qa-overdue">
            <span className="qa-icon">
              <AlertTriangle size={20} aria-hidden="true" />
            </span>
            <span className="qa-text">
              <strong>Overdue tickets</strong>
              <span>Past their SLA, most overdue first</span>
            </span>
          </Link>
        )}
        {first && (
          <Link to={listOf({ sort: "updated_at" })} className="qa qa-neutral" data-testid="qa-recent">
            <span className="qa-icon">
              <Clock size={20} aria-hidden="true" />
            </span>
            <span className="qa-text">
              <strong>Recent tickets</strong>
              <span>Latest activity first</span>
            </span>
          </Link>
        )}
        {(me.role === "manager" || me.role === "admin") && (
          <Link to="/wastage" className="qa qa-neutral">
            <span className="qa-icon">
              <Trash2 size={20} aria-hidden="true" />
            </span>
            <span className="qa-text">
              <strong>Wastage</strong>
              <span>Losses by farm, product and month</span>
            </span>
          </Link>
        )}
        {me.role === "admin" && (
          <Link to="/releases" className="qa qa-neutral">
            <span className="qa-icon">
              <Rocket size={20} aria-hidden="true" />
            </span>
            <span className="qa-text">
              <strong>Releases</strong>
              <span>Plan and publish ERP releases</span>
            </span>
          </Link>
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

/** A chart's numbers as a table for screen readers (and for the browser tests). */
function ChartTable({ caption, head, rows, testid }: { caption: string; head: string[]; rows: (string | number)[][]; testid: string }) {
  return (
    <table className="sr-only" data-testid={testid}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {c}
                </th>
              ) : (
                <td key={j}>{c}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Breakdown({ rows, total }: { rows: { key: string; label: string; n: number; color?: string }[]; total: number }) {
  const shown = rows.filter((r) => r.n > 0);
  if (shown.length === 0) return <p className="muted small">Nothing open.</p>;
  return (
    <ul className="breakdown" role="list">
      {shown.map((r) => (
        <li key={r.key}>
          <span className="bd-label">{r.label}</span>
          <span className="bd-bar" aria-hidden="true">
            <i style={{ width: `${total ? Math.max(4, (r.n * 100) / total) : 0}%`, background: r.color ?? "#2f7a4b" }} />
          </span>
          <span className="bd-n">{r.n}</span>
        </li>
      ))}
    </ul>
  );
}

function MiniList({ tickets }: { tickets: TicketRow[] }) {
  return (
    <ul className="mini" role="list">
      {tickets.map((t) => (
        <li key={t.number}>
          <Link to={`/tickets/${t.kind}/${t.ticket_id}`} className="mini-row">
            <span className="mini-main">
              <span className="mini-top">
                <span className="num">{t.number}</span>
                <PriorityBadge priority={t.priority} />
                <SlaBadge state={t.sla_state} secondsLeft={t.sla_seconds_left} compact />
                <PolicyFlag within={t.within_policy_window} daysLate={t.days_late} label={t.policy_window_label} compact />
              </span>
              <span className="mini-title">{t.title ?? t.category_label}</span>
            </span>
            <span className="mini-side">
              <StatusBadge status={t.status} label={t.status_label} />
              <span className="muted small">{fmtAgo(t.updated_at)}</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The ERP work in numbers, for developers and reporters (GET /api/metrics/internal). */
function InternalMetricsTiles() {
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

const QUICK = [
  { key: "mine", label: "My tickets", params: { created_by: "me", sort: "updated_at" }, empty: "You have not reported any tickets." },
  { key: "recent", label: "Recent", params: { sort: "updated_at" }, empty: "No tickets yet." },
  { key: "resolved", label: "Resolved", params: { status: "resolved", sort: "updated_at" }, empty: "Nothing resolved and waiting to close." },
] as const;

/** My tickets (created by me), recent and resolved ones, across the kinds this user sees. */
function QuickLists({ onReady }: { onReady: () => void }) {
  const { kinds } = useSession();
  const [tab, setTab] = useState<(typeof QUICK)[number]["key"]>("mine");
  const q = QUICK.find((x) => x.key === tab)!;
  const listQ = useApi<TicketPage>("/api/tickets/list" + query({ ...q.params, limit: 8 }));
  const items = listQ.data?.items ?? null;
  const error = listQ.error ? errorText(listQ.error) : null;
  const settled = !listQ.isPending;
  useEffect(() => {
    if (settled) onReady();
  }, [settled, onReady]);
  const first = kinds[0];
  return (
    <section className="card quick-lists" aria-labelledby="ql-h" data-testid="quick-lists">
      <div className="card-head">
        <h2 id="ql-h">Tickets</h2>
        <div className="segmented" role="radiogroup" aria-label="Which tickets">
          {QUICK.map((x) => (
            <label key={x.key} className={tab === x.key ? "on" : undefined}>
              <input type="radio" name="quick" checked={tab === x.key} onChange={() => setTab(x.key)} />
              {x.label}
            </label>
          ))}
        </div>
      </div>
      {error ? <Banner>{error}</Banner> : !items ? <Spinner /> : items.length === 0 ? <p className="muted">{q.empty}</p> : <MiniList tickets={items} />}
      {first && (
        <Link to={`/tickets${query(q.params)}`} className="link-more">
          Open as a list <ArrowRight size={14} aria-hidden="true" />
        </Link>
      )}
    </section>
  );
}
