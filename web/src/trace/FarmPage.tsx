// A farm: its batches, complaints and flags, month by month.
import { Flag, Sprout } from "lucide-react";
import { useParams } from "react-router";
import { type Farm } from "../api";
import { Banner, Spinner } from "../components/ui";
import { monthLabel, money, qty } from "../labels";
import { useTitle } from "../session";
import { fmtDateTime } from "../time";
import { useLoad } from "./useLoad";
import { Stat } from "./Stat";
import { Back } from "./Back";
import { MonthChart } from "./MonthChart";

export function FarmPage() {
  const { id = "" } = useParams();
  const { data: farm, error } = useLoad<Farm>(`/api/farms/${encodeURIComponent(id)}`);
  useTitle(farm ? farm.name : "Farm");
  if (error)
    return (
      <div className="trace-page">
        <Back />
        <Banner>{error}</Banner>
      </div>
    );
  if (!farm) return <Spinner label="Loading the farm…" />;
  const months = farm.by_month.map((m) => ({ ...m, label: monthLabel(m.month) }));
  return (
    <div className="trace-page" data-testid="farm">
      <Back />
      <div className="page-head">
        <div>
          <p className="eyebrow">Farm {farm.farm_id}</p>
          <h1>
            <Sprout size={22} aria-hidden="true" /> {farm.name}
          </h1>
          <p className="muted">{[farm.location, farm.contact].filter(Boolean).join(" · ") || "No location or contact on file."}</p>
        </div>
      </div>
      <section className="tiles" aria-label="The farm in numbers">
        <Stat label="Complaints" value={farm.totals.complaints} sub={`on ${farm.totals.batches} ${farm.totals.batches === 1 ? "batch" : "batches"}`} />
        <Stat label="Flags" value={<span data-testid="farm-flags">{farm.totals.flags}</span>} tone={farm.totals.flags ? "warn" : undefined} />
        <Stat label="Affected quantity" value={qty(farm.totals.affected_qty)} sub="from confirmed root causes" />
        <Stat label="Wastage cost" value={money(farm.totals.cost)} />
      </section>
      <div className="columns trace-columns">
        <section className="card" aria-labelledby="fm-h">
          <h2 id="fm-h">By month</h2>
          <MonthChart
            data={months}
            bars={[
              { key: "complaints", name: "Complaints", color: "#e2792f" },
              { key: "flags", name: "Flags", color: "#c0392b" },
              { key: "affected_qty", name: "Affected qty", color: "#2f7a4b" },
            ]}
          />
          <div className="sr-only">
            <table data-testid="farm-months">
              <caption>Complaints, flags and affected quantity by month</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Complaints</th>
                  <th scope="col">Flags</th>
                  <th scope="col">Affected quantity</th>
                  <th scope="col">Cost</th>
                </tr>
              </thead>
              <tbody>
                {months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{m.label}</th>
                    <td>{m.complaints}</td>
                    <td>{m.flags}</td>
                    <td>{qty(m.affected_qty)}</td>
                    <td>{money(m.cost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card" aria-labelledby="ff-h">
          <h2 id="ff-h">
            <Flag size={18} aria-hidden="true" /> Flags
          </h2>
          {farm.flags.length === 0 ? (
            <p className="muted">Nobody has flagged this farm.</p>
          ) : (
            <ul className="rows" role="list">
              {farm.flags.map((f) => (
                <li key={f.flag_id} data-testid="farm-flag">
                  <span className="row-main">{f.reason}</span>
                  <span className="row-meta">
                    <span className="muted small">
                      {f.flagged_by_name} · {fmtDateTime(f.flagged_at)}
                    </span>
                    {f.ticket_number && <span className="num">{f.ticket_number}</span>}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
