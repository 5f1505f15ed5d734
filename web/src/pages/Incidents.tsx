// Quality incidents (issue 18): the list the pattern rules fill (open first), and one
// incident's page with its tickets, batches and customers; managers close it with a note
// and, if they like, one comment added to every ticket.
import { AlertTriangle } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { get, post } from "../api";
import { Banner, Empty, Spinner, errorText } from "../components/ui";
import type { Schema } from "../schema";
import { useSession, useTitle } from "../session";
import { fmtAgo, fmtDateTime } from "../time";

type Incident = Schema<"Incident">;
type IncidentDetail = Schema<"IncidentDetail">;

const RULE: Record<string, string> = { batch: "Batch", farm: "Farm", product: "Product" };

export function IncidentsPage() {
  useTitle("Quality incidents");
  const [status, setStatus] = useState<"open" | "closed" | "">("open");
  const list = useQuery({
    queryKey: ["/api/incidents", status],
    queryFn: () => get<{ items: Incident[] }>("/api/incidents" + (status ? "?status=" + status : "")),
  });
  const items = list.data?.items ?? null;
  return (
    <div className="incidents">
      <div className="page-head">
        <div>
          <p className="eyebrow">Patterns</p>
          <h1>Quality incidents</h1>
          <p className="muted">Opened when complaints gather on one batch, farm or product (the pattern rules in the settings).</p>
        </div>
        <div className="segmented" role="radiogroup" aria-label="Show">
          {(["open", "closed", ""] as const).map((s) => (
            <label key={s || "all"} className={status === s ? "on" : undefined}>
              <input type="radio" name="istate" checked={status === s} onChange={() => setStatus(s)} />
              {s === "open" ? "Open" : s === "closed" ? "Closed" : "All"}
            </label>
          ))}
        </div>
      </div>
      {list.error && <Banner>{errorText(list.error)}</Banner>}
      {!items ? (
        <Spinner label="Loading incidents…" />
      ) : items.length === 0 ? (
        <Empty title="No incidents" icon={<AlertTriangle size={28} aria-hidden="true" />}>
          <p>Nothing has gathered enough complaints.</p>
        </Empty>
      ) : (
        <ul className="cards">
          {items.map((i) => (
            <li key={i.incident_id} className="card">
              <Link to={`/incidents/${i.incident_id}`}>
                <strong>
                  {RULE[i.rule]} {i.subject}
                </strong>
              </Link>
              <p>{i.reason}</p>
              <p className="muted">
                {i.status === "open" ? "Open" : "Closed"} · {i.ticket_count} tickets · opened {fmtAgo(i.opened_at)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function IncidentPage() {
  const { id } = useParams();
  const { me } = useSession();
  const client = useQueryClient();
  const key = ["/api/incidents", id];
  const inc = useQuery({ queryKey: key, queryFn: () => get<IncidentDetail>(`/api/incidents/${id}`) });
  const [note, setNote] = useState("");
  const [comment, setComment] = useState("");
  const [visibility, setVisibility] = useState("internal");
  const close = useMutation({
    mutationFn: () => post<IncidentDetail>(`/api/incidents/${id}/close`, { note, visibility, ...(comment.trim() ? { comment } : {}) }),
    onSuccess: (d) => {
      client.setQueryData(key, d);
      void client.invalidateQueries({ queryKey: ["/api/incidents"] });
    },
  });
  const d = inc.data;
  useTitle(d ? `Incident ${d.incident_id}` : "Incident");
  if (inc.error) return <Banner>{errorText(inc.error)}</Banner>;
  if (!d) return <Spinner label="Loading the incident…" />;
  const manager = me.role === "manager" || me.role === "admin";
  return (
    <div className="incident">
      <Link to="/incidents" className="back">
        Quality incidents
      </Link>
      <header className="page-head">
        <div>
          <p className="eyebrow">
            Incident {d.incident_id} · {d.status === "open" ? "open" : "closed"}
          </p>
          <h1>
            {RULE[d.rule]} {d.subject}
          </h1>
          <p>{d.reason}</p>
          <p className="muted">
            Opened {fmtDateTime(d.opened_at)}; complaints until {fmtDateTime(d.window_end)} join it.
            {d.farm_id && (
              <>
                {" "}
                Farm <Link to={`/farms/${encodeURIComponent(d.farm_id)}`}>{d.farm_id}</Link> flagged.
              </>
            )}
          </p>
          {d.close_note && <p>Closed {fmtDateTime(d.closed_at)}: {d.close_note}</p>}
        </div>
      </header>
      <section className="card">
        <h2>Tickets ({d.tickets.length})</h2>
        <ul className="plain">
          {d.tickets.map((t) => (
            <li key={t.ticket_id}>
              <Link to={`/tickets/${t.kind}/${t.ticket_id}`}>{t.number}</Link> {t.title} · {t.status.replace(/_/g, " ")}
              {t.customer_name ? ` · ${t.customer_name}` : ""}
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>Batches and customers</h2>
        <p>
          {d.batches.map((b, i) => (
            <span key={b}>
              {i > 0 && ", "}
              <Link to={`/batches/${encodeURIComponent(b)}`}>{b}</Link>
            </span>
          ))}
        </p>
        <p>
          {d.customers.map((c, i) => (
            <span key={c}>
              {i > 0 && ", "}
              <Link to={`/customers/${encodeURIComponent(c)}`}>{c}</Link>
            </span>
          ))}
        </p>
      </section>
      {manager && d.status === "open" && (
        <section className="card">
          <h2>Close the incident</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              close.mutate();
            }}
          >
            <label className="field">
              <span>What was found and done</span>
              <textarea value={note} onChange={(e) => setNote(e.target.value)} required />
            </label>
            <label className="field">
              <span>A comment for every ticket (optional)</span>
              <textarea value={comment} onChange={(e) => setComment(e.target.value)} />
            </label>
            <label className="field">
              <span>The comment is</span>
              <select value={visibility} onChange={(e) => setVisibility(e.target.value)}>
                <option value="internal">An internal note</option>
                <option value="public">Public (the customer may see it)</option>
              </select>
            </label>
            {close.error && <Banner>{errorText(close.error)}</Banner>}
            <button type="submit" className="btn btn-primary" disabled={close.isPending}>
              Close the incident
            </button>
          </form>
        </section>
      )}
    </div>
  );
}
