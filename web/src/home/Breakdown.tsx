// Open work as bars with their numbers (no chart library needed).

export function Breakdown({ rows, total }: { rows: { key: string; label: string; n: number; color?: string }[]; total: number }) {
  const shown = rows.filter((r) => r.n > 0);
  if (shown.length === 0) return <p className="muted small">Nothing open.</p>;
  return (
    <ul className="breakdown" role="list">
      {shown.map((r) => (
        <li key={r.key}>
          <span className="bd-label">{r.label}</span>
          <span className="bd-bar" aria-hidden="true">
            <i style={{ width: `${total ? Math.max(4, (r.n * 100) / total) : 0}%`, background: r.color ?? "#2f7a4b" }} />
          </span>
          <span className="bd-n">{r.n}</span>
        </li>
      ))}
    </ul>
  );
}
