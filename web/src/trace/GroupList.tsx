import { type ReactNode } from "react";
import { money, qty } from "../labels";

export function GroupList({
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
