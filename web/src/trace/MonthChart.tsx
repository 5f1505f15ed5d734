// Figures per month as bars (the traceability pages' one chart).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export function MonthChart({ data, bars }: { data: Record<string, number | string>[]; bars: { key: string; name: string; color: string }[] }) {
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
