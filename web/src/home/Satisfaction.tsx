// Satisfaction after close (issue 16): the customers' ratings of closed tickets answered in
// the dashboard's period, overall and by agent, category and month, beside the resolution
// times.  Visible tables (not a chart): a handful of rows each.
import { Smile } from "lucide-react";
import type { Schema } from "../schema";
import { ChartCard } from "./ChartCard";
import "./satisfaction.css";

type Sat = Schema<"Satisfaction">;

const avg = (a: number | null) => (a === null ? "–" : a.toFixed(1));
const monthLabel = (m: string | null) =>
  m ? new Intl.DateTimeFormat("en-IN", { timeZone: "UTC", month: "short", year: "numeric" }).format(new Date(m + "-01T00:00:00Z")) : "–";

function Table({
  caption,
  head,
  rows,
  testid,
}: {
  caption: string;
  head: string;
  rows: { key: string; name: string; count: number; average: number | null }[];
  testid: string;
}) {
  return (
    <table className="sat-table" data-testid={testid}>
      <caption className="mini-h">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col">Average</th>
          <th scope="col">Ratings</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.name}</th>
            <td>{avg(r.average)} / 5</td>
            <td>{r.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Satisfaction({ sat, days }: { sat: Sat | undefined; days: number }) {
  if (!sat) return null;
  return (
    <ChartCard title="Customer satisfaction" sub={`Ratings of closed tickets in the last ${days} days`} testid="satisfaction" wide>
      <p className="sat-head">
        <Smile size={22} aria-hidden="true" />{" "}
        {sat.count === 0 ? (
          <span className="muted">No ratings yet. Customers are asked when their ticket closes.</span>
        ) : (
          <span data-testid="satisfaction-average">
            <strong>{avg(sat.average)}</strong> of 5 from {sat.count} rating{sat.count === 1 ? "" : "s"}
          </span>
        )}
      </p>
      {sat.count > 0 && (
        <div className="open-work">
          <Table
            caption="By agent"
            head="Agent"
            testid="satisfaction-agents"
            rows={sat.by_agent.map((a) => ({ key: String(a.user_id), name: a.name ?? `User ${a.user_id}`, count: a.count, average: a.average }))}
          />
          <Table
            caption="By category"
            head="Category"
            testid="satisfaction-categories"
            rows={sat.by_category.map((c) => ({
              key: c.kind + c.category,
              name: `${c.kind.toUpperCase()} · ${c.label ?? c.category}`,
              count: c.count,
              average: c.average,
            }))}
          />
          <Table
            caption="By month"
            head="Month"
            testid="satisfaction-months"
            rows={sat.by_month.map((m) => ({ key: m.month ?? "", name: monthLabel(m.month), count: m.count, average: m.average }))}
          />
        </div>
      )}
    </ChartCard>
  );
}
