// A B2B ticket's order: its lines with the batches and farms they came from, the customer
// and the invoices.
import { PackageSearch } from "lucide-react";
import { Link } from "react-router";
import type { OrderContext } from "../api";
import { CustomerIcon } from "../components/CustomerPicker";
import { batchPath, customerPath, farmPath } from "../trace/paths";
import { CUSTOMER_TYPE, money, qty } from "../labels";
import { fmtDate } from "../time";

export function OrderContextCard({ ctx, soId }: { ctx: OrderContext | null; soId: string | null }) {
  if (!ctx)
    return (
      <section className="card c-order">
        <h2>Order</h2>
        <p className="muted">{soId ? `The sales order ${soId} is not in ticketd's copy of the ERP.` : "No sales order on this ticket."}</p>
      </section>
    );
  const o = ctx.order;
  const total = o.lines.reduce((n, l) => n + l.price * (l.delivered_qty ?? l.ordered_qty), 0);
  return (
    <section className="card c-order">
      <div className="card-head">
        <h2>
          <PackageSearch size={18} aria-hidden="true" /> Order {o.so_id}
        </h2>
        <span className="muted small">
          Ordered {fmtDate(o.order_date)}
          {o.delivery_date ? ` · delivered ${fmtDate(o.delivery_date)}` : ""}
        </span>
      </div>
      {ctx.customer && (
        <div className="customer-card">
          <CustomerIcon type={ctx.customer.type} size={20} />
          <div>
            <Link to={customerPath(ctx.customer.customer_id)} className="link">
              <strong>{ctx.customer.name}</strong>
            </Link>
            <span className="muted small">
              {CUSTOMER_TYPE[ctx.customer.type] ?? ctx.customer.type} · {ctx.customer.customer_id}
            </span>
          </div>
          <div className="customer-contact">
            {ctx.customer.phone && (
              <a className="link" href={`tel:${ctx.customer.phone.replace(/[^+\d]/g, "")}`}>
                {ctx.customer.phone}
              </a>
            )}
            {ctx.customer.email && (
              <a className="link" href={`mailto:${ctx.customer.email}`}>
                {ctx.customer.email}
              </a>
            )}
          </div>
        </div>
      )}
      <div className="table-wrap">
        <table className="lines">
          <caption className="sr-only">Order lines</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num-col">
                Ordered
              </th>
              <th scope="col" className="num-col">
                Delivered
              </th>
              <th scope="col" className="num-col">
                Price
              </th>
            </tr>
          </thead>
          <tbody>
            {o.lines.map((l) => {
              const short = l.delivered_qty !== null && l.delivered_qty < l.ordered_qty;
              return (
                <tr key={l.line_no} className={short ? "short" : undefined}>
                  <th scope="row">
                    {l.item}
                    <span className="item-unit">in {l.unit}</span>
                    {(l.allocations ?? []).map((a) => (
                      <span key={a.batch_number} className="alloc" data-testid="allocation">
                        <Link to={batchPath(a.batch_number)} className="link">
                          {a.batch_number}
                        </Link>{" "}
                        · {qty(a.qty)} {l.unit} from{" "}
                        <Link to={farmPath(a.farm_id)} className="link">
                          {a.farm_name}
                        </Link>
                      </span>
                    ))}
                  </th>
                  <td className="num-col">
                    {qty(l.ordered_qty)} <span className="unit">{l.unit}</span>
                  </td>
                  <td className="num-col">
                    {qty(l.delivered_qty)} <span className="unit">{l.delivered_qty === null ? "" : l.unit}</span>
                    {short && <span className="short-tag">short {qty(l.ordered_qty - (l.delivered_qty ?? 0))}</span>}
                  </td>
                  <td className="num-col">
                    {money(l.price)}
                    <span className="unit">/{l.unit}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Delivered value
              </th>
              <td className="num-col">{money(total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {ctx.invoices.length > 0 && (
        <ul className="invoices" role="list">
          {ctx.invoices.map((i) => (
            <li key={i.invoice_id}>
              <span>
                Invoice <strong>{i.number}</strong> · {fmtDate(i.date)}
              </span>
              <span>{money(i.total)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
