// A customer: contact, history of tickets, and the flags managers set.
import { Repeat, Star } from "lucide-react";
import { useParams } from "react-router";
import { type CustomerDetail } from "../api";
import { CustomerIcon } from "../components/CustomerPicker";
import { Banner, Spinner } from "../components/ui";
import { CUSTOMER_TYPE } from "../labels";
import { useSession, useTitle } from "../session";
import { fmtDate } from "../time";
import { useLoad } from "./useLoad";
import { Stat } from "./Stat";
import { Back } from "./Back";
import { TicketRows } from "./TicketRows";
import { HighStandardsForm } from "./HighStandardsForm";
import { PortalContacts } from "./PortalContacts";

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
        <PortalContacts customer={c.customer_id} type={c.type} />
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
