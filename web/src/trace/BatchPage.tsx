// A batch: where it came from, who received it, and the complaints about it.
import { AlertTriangle, Sprout, Wheat } from "lucide-react";
import { Link, useParams, useSearchParams } from "react-router";
import type { Investigation } from "../api";
import { CustomerIcon } from "../components/CustomerPicker";
import { customerPath, farmPath } from "./paths";
import { BatchFacts } from "./BatchFacts";
import { Banner, Spinner } from "../components/ui";
import { CUSTOMER_TYPE, qty } from "../labels";
import { useTitle } from "../session";
import { fmtDate, fmtDateTime } from "../time";
import { useLoad } from "./useLoad";
import { Stat } from "./Stat";
import { Back } from "./Back";
import { plural } from "./plural";
import { TicketRows } from "./TicketRows";

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
