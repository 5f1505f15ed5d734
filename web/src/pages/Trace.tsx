// Traceability pages for agents, managers and admins: a batch's investigation (farm,
// receiving, every customer who got it, every ticket on it), a farm's quality record, a
// customer's history and flags, and the wastage report.
import { AlertTriangle, ArrowLeft, Flag, Repeat, Sprout, Star, Wheat } from "lucide-react";
import { useState, type FormEvent, type ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import {
  post,
  query,
  type CustomerDetail,
  type CustomerFlags,
  type Farm,
  type InvestigationTicket,
  type Investigation,
  type Kind,
  type WastageReport,
} from "../api";
import { CustomerIcon } from "../components/CustomerPicker";
import { BatchFacts, customerPath, farmPath, batchPath } from "../components/Trace";
import { Banner, Empty, Field, Spinner, errorText } from "../components/ui";
import { CUSTOMER_TYPE, monthLabel, money, qty, rootCauseLabel } from "../labels";
import { refresh, store, useApi } from "../query";
import { useSession, useTitle } from "../session";
import { fmtAgo, fmtDate, fmtDateTime, localDate } from "../time";

/** A page's data through the cache (query.ts); `setData` puts what a save answered in it. */
function useLoad<T>(path: string | null) {
  const q = useApi<T>(path);
  return {
    data: q.data ?? null,
    setData: (d: T) => path && store(path, d),
    error: q.error ? errorText(q.error) : null,
    reload: () => path && refresh(path),
  };
}

function Stat({ label, value, sub, tone }: { label: string; value: ReactNode; sub?: ReactNode; tone?: "danger" | "warn" }) {
  return (
    <div className={`tile${tone ? ` tile-${tone}` : ""}`}>
      <span className="tile-label">{label}</span>
      <span className="tile-value">{value}</span>
      {sub !== undefined && <span className="tile-sub">{sub}</span>}
    </div>
  );
}

function Back() {
  return (
    <button type="button" className="back linklike" onClick={() => history.back()}>
      <ArrowLeft size={16} aria-hidden="true" /> Back
    </button>
  );
}

const plural = (n: number, noun: string, before = "") => `${before}${n} ${noun}${n === 1 ? "" : "s"}`;
const ticketHref = (t: { kind: string; ticket_id: number }) => `/tickets/${t.kind}/${t.ticket_id}`;

/** Tickets on a batch or of a customer, as rows that become cards on a phone. */
function TicketRows({ items, showCustomer, highlight }: { items: InvestigationTicket[]; showCustomer?: boolean; highlight?: string | null }) {
  const { catalog } = useSession();
  const status = (k: string, s: string) => catalog.kinds[k as Kind]?.statuses.find((x) => x.code === s)?.label ?? s;
  const category = (k: string, c: string) => {
    for (const g of catalog.kinds[k as Kind]?.category_groups ?? []) for (const x of g.categories) if (x.code === c) return x.label;
    return c;
  };
  if (items.length === 0) return <p className="muted">No tickets.</p>;
  return (
    <ul className="rows" role="list">
      {items.map((t) => (
        <li key={t.number} className={highlight === t.number ? "row-here" : undefined} data-testid="trace-ticket" data-number={t.number}>
          <Link to={ticketHref(t)} className="row-main">
            <span className="num">{t.number}</span> <span>{category(t.kind, t.category)}</span>
          </Link>
          {showCustomer && <span className="row-sub">{t.customer_name ?? "—"}</span>}
          <span className="row-meta">
            <span className={`badge status-${t.status}`}>
              <span className="badge-dot" aria-hidden="true" />
              {status(t.kind, t.status)}
            </span>
            {t.root_cause && <span className="chip-static">Cause: {rootCauseLabel(t.root_cause)}</span>}
            <span className="muted small">{fmtAgo(t.created_at)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function BatchPage() {
  const { batch = "" } = useParams();
  const [params] = useSearchParams();
  const from = params.get("from");
  const { data: inv, error } = useLoad<Investigation>(`/api/batches/${encodeURIComponent(batch)}/investigation`);
  useTitle(`Batch ${batch}`);
  if (error)
    return (
      <div className="trace-page">
        <Back />
        <Banner>{error}</Banner>
      </div>
    );
  if (!inv) return <Spinner label="Tracing the batch…" />;
  const b = inv.batch;
  const unit = b.unit ?? "";
  const complaints = new Map(inv.complaints_by_customer.map((c) => [c.customer_id, c.complaints]));
  return (
    <div className="trace-page" data-testid="investigation">
      <Back />
      <div className="page-head">
        <div>
          <p className="eyebrow">Batch investigation</p>
          <h1>
            <Wheat size={22} aria-hidden="true" />
            <span>
              {b.batch_number} · {b.product}
            </span>
          </h1>
          <p className="muted">
            From{" "}
            <Link to={farmPath(b.farm_id)} className="link" data-testid="farm-link">
              {b.farm_name}
            </Link>
            {inv.farm?.location ? `, ${inv.farm.location}` : ""} · received {fmtDateTime(b.received_at)}
          </p>
        </div>
      </div>
      <section className="tiles" aria-label="The batch in numbers">
        <Stat label="Received" value={`${qty(b.received_qty)} ${unit}`} sub={`${qty(b.damaged_qty)} damaged · ${qty(b.rejected_qty)} rejected`} />
        <Stat
          label="Delivered"
          value={`${qty(inv.delivered_qty)} ${unit}`}
          sub={`to ${inv.customers.length} ${inv.customers.length === 1 ? "customer" : "customers"}`}
        />
        <Stat
          label="Complaints"
          value={inv.complaint_count}
          sub={plural(inv.complaints_by_customer.filter((c) => c.complaints > 0).length, "customer", "from ")}
          tone={inv.complaint_count > 1 ? "danger" : inv.complaint_count ? "warn" : undefined}
        />
      </section>
      <div className="columns trace-columns">
        <section className="card" aria-labelledby="cust-h">
          <h2 id="cust-h">Who received it</h2>
          {inv.customers.length === 0 ? (
            <p className="muted">No deliveries from this batch are on file.</p>
          ) : (
            <ul className="rows" role="list">
              {inv.customers.map((c) => {
                const n = complaints.get(c.customer_id) ?? c.complaints;
                return (
                  <li key={c.customer_id} data-testid="batch-customer" data-customer={c.customer_id}>
                    <Link to={customerPath(c.customer_id)} className="row-main">
                      <CustomerIcon type={c.type} size={18} /> <strong>{c.name}</strong>
                    </Link>
                    <span className="row-sub">
                      {qty(c.qty)} {unit} ·{" "}
                      {c.deliveries.map((d, i) => (
                        <span key={d.so_id + d.line_no}>
                          {i ? "; " : ""}
                          {d.so_id} {d.delivery_date ? `delivered ${fmtDate(d.delivery_date)}` : "(no delivery date)"}
                        </span>
                      ))}
                    </span>
                    <span className="row-meta">
                      <span className="muted small">{CUSTOMER_TYPE[c.type] ?? c.type}</span>
                      {n > 0 ? (
                        <span className="flag flag-late">
                          <AlertTriangle size={13} aria-hidden="true" /> {n} {n === 1 ? "complaint" : "complaints"}
                        </span>
                      ) : (
                        <span className="muted small">No complaint</span>
                      )}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="farm-h">
          <h2 id="farm-h">
            <Sprout size={18} aria-hidden="true" /> Farm and receiving
          </h2>
          <p>
            <Link to={farmPath(b.farm_id)} className="link">
              <strong>{b.farm_name}</strong>
            </Link>
            {inv.farm?.contact && <span className="muted small"> · {inv.farm.contact}</span>}
          </p>
          <BatchFacts b={b} />
        </section>
      </div>
      <section className="card" aria-labelledby="bt-h">
        <h2 id="bt-h">Tickets naming this batch</h2>
        <TicketRows items={inv.tickets} showCustomer highlight={from} />
      </section>
    </div>
  );
}

function MonthChart({ data, bars }: { data: Record<string, number | string>[]; bars: { key: string; name: string; color: string }[] }) {
  if (data.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <div className="chart" style={{ height: 220 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ left: -12, right: 8, top: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e2d8" />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#5f6b63" }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#5f6b63" }} />
          <Tooltip />
          <Legend />
          {bars.map((b) => (
            <Bar key={b.key} dataKey={b.key} name={b.name} fill={b.color} radius={[4, 4, 0, 0]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

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

export function CustomerPage() {
  const { id = "" } = useParams();
  const { me } = useSession();
  const { data: c, setData, error } = useLoad<CustomerDetail>(`/api/customers/${encodeURIComponent(id)}`);
  useTitle(c ? c.name : "Customer");
  if (error)
    return (
      <div className="trace-page">
        <Back />
        <Banner>{error}</Banner>
      </div>
    );
  if (!c) return <Spinner label="Loading the customer…" />;
  const f = c.flags;
  const manager = me.role === "manager" || me.role === "admin";
  return (
    <div className="trace-page" data-testid="customer">
      <Back />
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {CUSTOMER_TYPE[c.type] ?? c.type} · {c.customer_id}
          </p>
          <h1>
            <CustomerIcon type={c.type} size={22} /> {c.name}
          </h1>
          <p className="muted customer-contact">
            {c.phone && (
              <a className="link" href={`tel:${c.phone.replace(/[^+\d]/g, "")}`}>
                {c.phone}
              </a>
            )}
            {c.phone && c.email && <span aria-hidden="true"> · </span>}
            {c.email && (
              <a className="link" href={`mailto:${c.email}`}>
                {c.email}
              </a>
            )}
          </p>
          {f && (
            <div className="chips" data-testid="customer-flags">
              {f.repeat_complainer && (
                <span className="flag flag-late">
                  <Repeat size={13} aria-hidden="true" /> Repeat complainer
                </span>
              )}
              {f.high_standards && (
                <span className="flag flag-std">
                  <Star size={13} aria-hidden="true" /> High standards
                </span>
              )}
            </div>
          )}
        </div>
      </div>
      <section className="tiles" aria-label="The customer in numbers">
        <Stat label="Tickets" value={c.ticket_count ?? c.tickets?.length ?? 0} />
        <Stat label="Complaints, 30 days" value={c.complaints_30d ?? 0} />
        <Stat
          label="Complaints, 90 days"
          value={c.complaints_90d ?? 0}
          tone={f?.repeat_complainer ? "warn" : undefined}
          sub={f ? `${f.repeat_complainer_threshold} in ${f.repeat_complainer_window_days} days make a repeat complainer` : undefined}
        />
      </section>
      <div className="columns trace-columns">
        <section className="card" aria-labelledby="ch-h">
          <h2 id="ch-h">History</h2>
          <TicketRows items={c.tickets ?? []} />
        </section>
        {f && (
          <section className="card" aria-labelledby="cf-h">
            <h2 id="cf-h">
              <Star size={18} aria-hidden="true" /> High standards
            </h2>
            {f.high_standards ? (
              <p>
                Marked as having high standards{f.high_standards_at ? ` on ${fmtDate(f.high_standards_at)}` : ""}
                {f.high_standards_note ? `: ${f.high_standards_note}` : "."}
              </p>
            ) : (
              <p className="muted">Not marked. Managers mark customers who expect more than the usual grade, so their orders get an extra check.</p>
            )}
            {manager ? (
              <HighStandardsForm id={c.customer_id} flags={f} onSaved={(nf) => setData({ ...c, flags: nf })} />
            ) : (
              <p className="muted small">A manager sets this flag.</p>
            )}
          </section>
        )}
      </div>
    </div>
  );
}

function HighStandardsForm({ id, flags, onSaved }: { id: string; flags: CustomerFlags; onSaved: (f: CustomerFlags) => void }) {
  const [note, setNote] = useState(flags.high_standards_note ?? "");
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  async function set(on: boolean) {
    setBusy(true);
    setMsg(null);
    try {
      const r = await post<{ flags: CustomerFlags }>(`/api/customers/${encodeURIComponent(id)}/flags`, { high_standards: on, note: note.trim() || null });
      onSaved(r.flags);
      setMsg({ ok: true, text: on ? "Marked as high standards." : "High standards cleared." });
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="stack"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void set(!flags.high_standards);
      }}
    >
      {msg && (
        <Banner kind={msg.ok ? "success" : "error"} onClose={() => setMsg(null)}>
          {msg.text}
        </Banner>
      )}
      <Field label="Note" hint="What they expect, for the team.">
        {(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" className="btn" disabled={busy}>
        <Star size={16} aria-hidden="true" /> {flags.high_standards ? "Clear high standards" : "Mark as high standards"}
      </button>
    </form>
  );
}

function GroupList({
  title,
  rows,
  testid,
}: {
  title: string;
  rows: { key: string; label: ReactNode; qty: number; cost: number; events: number }[];
  testid: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.cost));
  return (
    <section className="card" aria-label={title} data-testid={testid}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">Nothing in this period.</p>
      ) : (
        <ul className="breakdown wastage-groups" role="list">
          {rows.map((r) => (
            <li key={r.key}>
              <span className="bd-label">{r.label}</span>
              <span className="bd-bar" aria-hidden="true">
                <i style={{ width: `${Math.max(4, (r.cost * 100) / max)}%`, background: "#e2792f" }} />
              </span>
              <span className="bd-n">
                {money(r.cost)}
                <span className="muted small">
                  {" "}
                  · {qty(r.qty)} · {r.events} {r.events === 1 ? "event" : "events"}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

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
