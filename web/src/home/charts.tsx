// The dashboard's charts (recharts), in a chunk of their own that Home loads lazily.
import { Bar, BarChart, CartesianGrid, Cell, Label, Legend, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Dashboard } from "../api";
import { KIND_COLORS, STATUS_COLORS, type HomeCharts } from "./colors";
const axis = { fontSize: 12, fill: "#5f6b63" };

export default function Chart({ name, charts, dash }: { name: "volume" | "status" | "resolution" | "top" | "agents"; charts: HomeCharts; dash: Dashboard }) {
  if (name === "volume")
    return (
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={charts.volume} margin={{ left: -18, right: 12, top: 8, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="#ebe9e1" />
          <XAxis dataKey="day" tick={axis} axisLine={false} tickLine={false} minTickGap={18} />
          <YAxis allowDecimals={false} tick={axis} axisLine={false} tickLine={false} />
          <Tooltip />
          <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="created" name="Created" stroke="#2f7a4b" strokeWidth={2.5} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="resolved" name="Resolved" stroke="#e2792f" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    );
  if (name === "status")
    return (
      <ResponsiveContainer width="100%" height="100%">
        <PieChart>
          <Pie data={charts.pie} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="85%" paddingAngle={2} stroke="none" isAnimationActive={false}>
            {charts.pie.map((d) => (
              <Cell key={d.code} fill={STATUS_COLORS[d.code] ?? "#888"} />
            ))}
            <Label
              position="center"
              content={({ viewBox }) => {
                const vb = viewBox as { cx?: number; cy?: number; x?: number; y?: number; width?: number; height?: number } | undefined;
                const cx = vb?.cx ?? (vb?.x ?? 0) + (vb?.width ?? 0) / 2;
                const cy = vb?.cy ?? (vb?.y ?? 0) + (vb?.height ?? 0) / 2;
                if (!vb || !cx || !cy) return null;
                return (
                  <text x={cx} y={cy} textAnchor="middle" dominantBaseline="central">
                    <tspan x={cx} dy="-0.4em" className="pie-total" data-testid="pie-total">
                      {dash.created_in_period}
                    </tspan>
                    <tspan x={cx} dy="1.6em" className="pie-caption">
                      tickets
                    </tspan>
                  </text>
                );
              }}
            />
          </Pie>
          <Tooltip />
          <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
        </PieChart>
      </ResponsiveContainer>
    );
  if (name === "resolution")
    return (
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={charts.resolution} margin={{ left: -18, right: 12, top: 8, bottom: 0 }} barCategoryGap="30%">
          <CartesianGrid vertical={false} stroke="#ebe9e1" />
          <XAxis dataKey="name" tick={axis} axisLine={false} tickLine={false} />
          <YAxis tick={axis} axisLine={false} tickLine={false} allowDecimals={false} domain={[0, (max: number) => Math.max(1, Math.ceil(max))]} />
          <Tooltip formatter={(v) => [`${v} h`, "Average"]} cursor={{ fill: "rgba(47,122,75,0.06)" }} />
          <Bar
            dataKey="hours"
            name="Average hours"
            radius={[5, 5, 0, 0]}
            maxBarSize={56}
            isAnimationActive={false}
            label={{ position: "top", fontSize: 12, fill: "#3a4740", formatter: (v: unknown) => `${v} h` }}
          >
            {charts.resolution.map((r) => (
              <Cell key={r.kind} fill={KIND_COLORS[r.kind]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    );
  if (name === "top")
    return (
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={charts.top} layout="vertical" margin={{ left: 0, right: 16, top: 0, bottom: 0 }} barCategoryGap="24%">
          <XAxis type="number" hide allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 12, fill: "#1f2a24" }} axisLine={false} tickLine={false} />
          <Tooltip cursor={{ fill: "rgba(47,122,75,0.06)" }} />
          <Bar
            dataKey="count"
            name="Tickets"
            radius={[0, 5, 5, 0]}
            maxBarSize={22}
            isAnimationActive={false}
            label={{ position: "right", fontSize: 12, fill: "#3a4740" }}
          >
            {charts.top.map((c) => (
              <Cell key={c.kind + c.category} fill={KIND_COLORS[c.kind]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    );
  if (name === "agents")
    return (
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={charts.agents} layout="vertical" margin={{ left: 0, right: 16, top: 0, bottom: 0 }} barCategoryGap="22%">
          <XAxis type="number" hide allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 12, fill: "#1f2a24" }} axisLine={false} tickLine={false} />
          <Tooltip cursor={{ fill: "rgba(47,122,75,0.06)" }} />
          <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
          <Bar
            dataKey="resolved"
            name="Resolved"
            fill="#3f9a5c"
            radius={[0, 4, 4, 0]}
            maxBarSize={14}
            isAnimationActive={false}
            label={{ position: "right", fontSize: 11, fill: "#3a4740" }}
          />
          <Bar
            dataKey="open"
            name="Open now"
            fill="#e09a2d"
            radius={[0, 4, 4, 0]}
            maxBarSize={14}
            isAnimationActive={false}
            label={{ position: "right", fontSize: 11, fill: "#3a4740" }}
          />
        </BarChart>
      </ResponsiveContainer>
    );
  return null;
}
