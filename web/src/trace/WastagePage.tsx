// Wastage (managers): confirmed losses by farm, product and month.
import { Link, useSearchParams } from "react-router";
import { query, type WastageReport } from "../api";
import { farmPath, batchPath } from "./paths";
import { Banner, Empty, Field, Spinner } from "../components/ui";
import { monthLabel, money, qty, rootCauseLabel } from "../labels";
import { useTitle } from "../session";
import { fmtDate, localDate } from "../time";
import { useLoad } from "./useLoad";
import { Stat } from "./Stat";
import { MonthChart } from "./MonthChart";
import { GroupList } from "./GroupList";

export function WastagePage() {
  useTitle("Wastage");
  const [params, setParams] = useSearchParams();
  const from = params.get("from") ?? localDate(new Date(Date.now() - 89 * 86_400_000));
  const to = params.get("to") ?? localDate(new Date());
  const { data: w, error } = useLoad<WastageReport>("/api/wastage" + query({ from, to }));
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <div className="trace-page" data-testid="wastage">
      <div className="page-head">
        <div>
          <p className="eyebrow">Quality</p>
          <h1>Wastage</h1>
          <p className="muted">Losses from confirmed damage and quality complaints, by farm, product and month.</p>
        </div>
        <div className="filters-inline">
          <Field label="From">{(p) => <input {...p} type="date" value={from} max={to} onChange={(e) => set("from", e.target.value)} />}</Field>
          <Field label="To">{(p) => <input {...p} type="date" value={to} min={from} onChange={(e) => set("to", e.target.value)} />}</Field>
        </div>
      </div>
      {error && <Banner>{error}</Banner>}
      {!w && !error && <Spinner label="Adding up the wastage…" />}
      {w && (
        <>
          <section className="tiles" aria-label="Totals">
            <Stat label="Wastage cost" value={<span data-testid="wastage-cost">{money(w.totals.cost)}</span>} />
            <Stat label="Quantity lost" value={qty(w.totals.qty)} />
            <Stat label="Events" value={w.items.length} sub="confirmed root causes" />
          </section>
          {w.items.length === 0 ? (
            <Empty title="No wastage in this period">
              <p className="muted">It is recorded when a quality complaint gets a root cause other than “not valid”.</p>
            </Empty>
          ) : (
            <>
              <div className="columns trace-columns">
                <GroupList
                  title="By farm"
                  testid="wastage-farms"
                  rows={w.totals.by_farm.map((g) => ({
                    key: g.farm_id ?? "none",
                    label: g.farm_id ? (
                      <Link className="link" to={farmPath(g.farm_id)}>
                        {g.name ?? g.farm_id}
                      </Link>
                    ) : (
                      "No farm"
                    ),
                    ...g,
                  }))}
                />
                <GroupList
                  title="By product"
                  testid="wastage-products"
                  rows={w.totals.by_product.map((g) => ({ key: g.product ?? "?", label: g.product ?? "—", ...g }))}
                />
              </div>
              <section className="card" aria-labelledby="wm-h">
                <h2 id="wm-h">By month</h2>
                <MonthChart
                  data={w.totals.by_month.map((m) => ({ label: monthLabel(m.month ?? ""), cost: Math.round(m.cost), qty: m.qty }))}
                  bars={[{ key: "cost", name: "Cost (₹)", color: "#e2792f" }]}
                />
              </section>
              <section className="card" aria-labelledby="we-h">
                <h2 id="we-h">Events</h2>
                <ul className="rows" role="list">
                  {w.items.map((i) => (
                    <li key={i.wastage_id}>
                      <span className="row-main">
                        <strong>{i.product}</strong> · {qty(i.qty)} × {money(i.unit_cost)} = {money(i.cost)}
                      </span>
                      <span className="row-sub">
                        {rootCauseLabel(i.reason.split(":")[0])}
                        {i.farm_id && (
                          <>
                            {" · "}
                            <Link className="link" to={farmPath(i.farm_id)}>
                              {i.farm_name ?? i.farm_id}
                            </Link>
                          </>
                        )}
                        {i.batch_number && (
                          <>
                            {" · "}
                            <Link className="link" to={batchPath(i.batch_number)}>
                              {i.batch_number}
                            </Link>
                          </>
                        )}
                      </span>
                      <span className="row-meta">
                        <Link className="num link" to={`/tickets/${i.ticket_number.startsWith("B2B") ? "b2b" : "b2c"}/${i.ticket_id}`}>
                          {i.ticket_number}
                        </Link>
                        <span className="muted small">{fmtDate(i.recorded_at)}</span>
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            </>
          )}
        </>
      )}
    </div>
  );
}
