// The customer's recent deliveries, each with its claim window in words and a way to report
// a problem with it.
import { AlertTriangle, Clock, Truck } from "lucide-react";
import { Link } from "react-router";
import { useApi } from "../query";
import type { Delivery, Me } from "./api";
import { Banner, Spinner, day, errorText, useTitle } from "./ui";

export function WindowNote({ w }: { w: Delivery["claim_window"] }) {
  const late = w.within === false;
  return (
    <p className={`p-window ${late ? "p-window-late" : ""}`} data-testid="claim-window">
      {late ? <AlertTriangle size={16} aria-hidden="true" /> : <Clock size={16} aria-hidden="true" />} {w.text}
    </p>
  );
}

export default function Deliveries({ me }: { me: Me }) {
  useTitle("Your deliveries");
  const q = useApi<{ items: Delivery[] }>("/api/portal/deliveries");
  return (
    <>
      <h1>Hello, {me.name.split(" ")[0]}</h1>
      <p className="p-muted">Something wrong with a delivery? Choose it and tell us what happened.</p>
      {q.isPending && <Spinner label="Loading your deliveries…" />}
      {q.error && <Banner>{errorText(q.error)}</Banner>}
      {q.data && q.data.items.length === 0 && <p className="p-card">We have no deliveries for you yet.</p>}
      <ul className="p-list" aria-label="Recent deliveries">
        {q.data?.items.map((d) => (
          <li key={d.so_id} className="p-card p-delivery" data-testid="delivery">
            <div className="p-row">
              <Truck size={20} aria-hidden="true" />
              <div className="p-grow">
                <h2>
                  Order <span className="p-mono">{d.so_id}</span>
                </h2>
                <p className="p-muted">{d.delivery_date ? `Delivered ${day(d.delivery_date)}` : `Ordered ${day(d.order_date)}`}</p>
              </div>
            </div>
            <p className="p-items">{d.lines.map((l) => `${l.item} × ${l.quantity}${l.unit ? " " + l.unit : ""}`).join(", ")}</p>
            <WindowNote w={d.claim_window} />
            <Link className="p-btn" to={`/claim/${encodeURIComponent(d.so_id)}`}>
              Report a problem
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
