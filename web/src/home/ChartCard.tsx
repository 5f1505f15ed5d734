// A chart's card on the home page: heading, a line under it, and the chart with its table.
import { type ReactNode } from "react";

export function ChartCard({ title, sub, children, wide, testid }: { title: string; sub?: string; children: ReactNode; wide?: boolean; testid?: string }) {
  return (
    <section className={`card chart-card${wide ? " chart-wide" : ""}`} data-testid={testid}>
      <h2>{title}</h2>
      {sub && <p className="muted small">{sub}</p>}
      {children}
    </section>
  );
}
