// Release planning for developers and admins: the plan card on an internal ticket (which
// draft release it ships in, whether it is on the roadmap) and the releases page.
import { CalendarDays, Map as MapIcon, Package, Rocket } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError, get, post, query, ticketPath, type PublishedRelease, type Release, type Ticket, type TicketPage, type TicketRow } from "../api";
import { refresh, useApi } from "../query";
import { useSession, useTitle } from "../session";
import { fmtDate, fmtDateTime, localDate } from "../time";
import { hasPlan, plansReleases } from "./releasePlan";
import { Banner, Field, Spinner, StatusBadge, errorText } from "./ui";

export { hasPlan, plansReleases };
const ROADMAP_GROUPS = new Set(["feature", "enhancement"]);

function useReleases() {
  const q = useApi<{ items: Release[] }>("/api/releases");
  return { items: q.data?.items ?? null, error: q.error ? errorText(q.error) : null, load: () => refresh("/api/releases") };
}

/** On an internal ticket: its release and roadmap place, changeable by developers and admins. */

export function PlanCard({ t, onChanged }: { t: Ticket; onChanged: (t: Ticket, message?: string) => void }) {
  const { me } = useSession();
  const { items } = useReleases();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const [rel, setRel] = useState(t.release_id ? String(t.release_id) : "");
  useEffect(() => setRel(t.release_id ? String(t.release_id) : ""), [t.release_id]);
  const can = plansReleases(me.role) && t.status !== "closed";
  const current = items?.find((r) => r.release_id === t.release_id) ?? null;
  const drafts = (items ?? []).filter((r) => !r.published);
  const roadmapable = ROADMAP_GROUPS.has(t.category_group ?? "");

  async function plan(body: Record<string, unknown>, message: string) {
    setBusy(true);
    setErr(null);
    try {
      onChanged(await post<Ticket>(ticketPath("internal", t.ticket_id, "plan"), body), message);
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (!can && !t.release_id && !t.on_roadmap) return null;
  return (
    <section className="card" aria-labelledby="plan-h" data-testid="plan">
      <h2 id="plan-h">
        <Package size={18} aria-hidden="true" /> Planning
      </h2>
      {err && <Banner onClose={() => setErr(null)}>{err}</Banner>}
      <p className="small">
        {t.release_id ? (
          <>
            Ships in{" "}
            <Link className="link" to="/releases">
              <strong>{current ? current.version : `release ${t.release_id}`}</strong>
            </Link>
            {current && (current.published ? ` (published ${fmtDate(current.published_at)})` : ` (planned for ${fmtDate(current.release_date)})`)}
          </>
        ) : (
          <span className="muted">Not planned for a release.</span>
        )}
        {t.on_roadmap && (
          <span className="flag flag-ok plan-roadmap">
            <MapIcon size={13} aria-hidden="true" /> On the roadmap
          </span>
        )}
      </p>
      {can && !current?.published && (
        <form
          className="stack"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            const id = rel ? Number(rel) : null;
            void plan({ release_id: id }, id ? `Planned for ${drafts.find((r) => r.release_id === id)?.version}.` : "Taken off the release.");
          }}
        >
          {!items ? (
            <Spinner />
          ) : (
            <Field label="Release" hint={drafts.length === 0 ? "No draft release: create one on the releases page." : undefined}>
              {(p) => (
                <select {...p} value={rel} onChange={(e) => setRel(e.target.value)}>
                  <option value="">No release</option>
                  {drafts.map((r) => (
                    <option key={r.release_id} value={r.release_id}>
                      {r.version} · {fmtDate(r.release_date)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <button type="submit" className="btn" disabled={busy || !items}>
            <CalendarDays size={16} aria-hidden="true" /> Save release
          </button>
        </form>
      )}
      {can && roadmapable && (
        <button
          type="button"
          className="btn btn-ghost btn-block"
          disabled={busy}
          onClick={() => void plan({ on_roadmap: !t.on_roadmap }, t.on_roadmap ? "Taken off the roadmap." : "Put on the roadmap.")}
        >
          <MapIcon size={16} aria-hidden="true" /> {t.on_roadmap ? "Take off the roadmap" : "Put on the roadmap"}
        </button>
      )}
    </section>
  );
}

export function ReleasesPage() {
  const { me, catalog } = useSession();
  useTitle("Releases");
  const { items, error, load } = useReleases();
  const can = plansReleases(me.role);
  const [form, setForm] = useState({ version: "", release_date: localDate(new Date(Date.now() + 7 * 86_400_000)), notes: "" });
  const [ferr, setFerr] = useState<{ field: string | null; message: string } | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [linked, setLinked] = useState<Record<number, TicketRow[]>>({});

  const showTickets = (id: number) => {
    setOpen(open === id ? null : id);
    if (!linked[id])
      get<TicketPage>(ticketPath("internal", undefined, "list") + query({ release_id: id, limit: 50 })).then(
        (r) => setLinked((l) => ({ ...l, [id]: r.items })),
        () => setLinked((l) => ({ ...l, [id]: [] })),
      );
  };

  async function create(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFerr(null);
    setMsg(null);
    try {
      const r = await post<Release>("/api/releases", form);
      setMsg(`Release ${r.version} created as a draft. Link tickets to it from their page.`);
      setForm({ ...form, version: "", notes: "" });
      await load();
    } catch (x) {
      setFerr({ field: x instanceof ApiError ? x.field : null, message: errorText(x) });
    } finally {
      setBusy(false);
    }
  }

  async function publish(r: Release) {
    setBusy(true);
    setMsg(null);
    setFerr(null);
    try {
      const p = await post<PublishedRelease>(`/api/releases/${r.release_id}/publish`);
      setMsg(
        `${p.version} published: ${p.resolved_tickets ?? 0} linked ${p.resolved_tickets === 1 ? "ticket" : "tickets"} resolved, and their reporters notified.`,
      );
      setLinked((l) => {
        const n = { ...l };
        delete n[r.release_id];
        return n;
      });
      await load();
    } catch (x) {
      setFerr({ field: null, message: errorText(x) });
    } finally {
      setBusy(false);
    }
  }

  const fe = (f: string) => (ferr?.field === f ? ferr.message : null);
  const statusLabel = (s: string) => catalog.kinds.internal.statuses.find((x) => x.code === s)?.label ?? s;
  return (
    <div className="releases">
      <div className="page-head">
        <div>
          <p className="eyebrow">ERP</p>
          <h1>Releases</h1>
          <p className="muted">Publishing a release resolves the internal tickets linked to it and tells their reporters what shipped.</p>
        </div>
      </div>
      {msg && (
        <Banner kind="success" onClose={() => setMsg(null)}>
          {msg}
        </Banner>
      )}
      {ferr && !["version", "release_date", "notes"].includes(ferr.field ?? "") && <Banner onClose={() => setFerr(null)}>{ferr.message}</Banner>}
      <div className="columns trace-columns">
        <section className="card" aria-labelledby="rl-h">
          <h2 id="rl-h">All releases</h2>
          {error && <Banner>{error}</Banner>}
          {!items ? (
            <Spinner />
          ) : items.length === 0 ? (
            <p className="muted">No releases yet.</p>
          ) : (
            <ul className="rows" role="list">
              {items.map((r) => (
                <li key={r.release_id} data-testid="release" data-version={r.version}>
                  <span className="row-main">
                    <strong>{r.version}</strong> · {fmtDate(r.release_date)}
                  </span>
                  <span className="row-sub prewrap">{r.notes}</span>
                  <span className="row-meta">
                    {r.published ? (
                      <span className="badge status-resolved">
                        <span className="badge-dot" aria-hidden="true" />
                        Published {fmtDateTime(r.published_at)}
                      </span>
                    ) : (
                      <span className="badge status-new">
                        <span className="badge-dot" aria-hidden="true" />
                        Draft
                      </span>
                    )}
                    <button type="button" className="btn btn-sm btn-ghost" aria-expanded={open === r.release_id} onClick={() => showTickets(r.release_id)}>
                      {r.tickets} {r.tickets === 1 ? "ticket" : "tickets"}
                    </button>
                    {can && !r.published && (
                      <button type="button" className="btn btn-sm btn-primary" disabled={busy} onClick={() => void publish(r)}>
                        <Rocket size={14} aria-hidden="true" /> Publish {r.version}
                      </button>
                    )}
                  </span>
                  {open === r.release_id && (
                    <div className="row-detail">
                      {!linked[r.release_id] ? (
                        <Spinner />
                      ) : linked[r.release_id]!.length === 0 ? (
                        <p className="muted small">No tickets linked.</p>
                      ) : (
                        <ul className="mini-links" role="list">
                          {linked[r.release_id]!.map((t) => (
                            <li key={t.ticket_id}>
                              <Link className="link" to={`/tickets/internal/${t.ticket_id}`}>
                                <span className="num">{t.number}</span> {t.title}
                              </Link>{" "}
                              <StatusBadge status={t.status} label={statusLabel(t.status)} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        {can && (
          <section className="card" aria-labelledby="rn-h">
            <h2 id="rn-h">New release</h2>
            <form className="stack" onSubmit={create} noValidate>
              <div className="field-pair">
                <Field label="Version" required error={fe("version")}>
                  {(p) => <input {...p} value={form.version} placeholder="e.g. 2024.11.2" onChange={(e) => setForm({ ...form, version: e.target.value })} />}
                </Field>
                <Field label="Release date" required error={fe("release_date")}>
                  {(p) => <input {...p} type="date" value={form.release_date} onChange={(e) => setForm({ ...form, release_date: e.target.value })} />}
                </Field>
              </div>
              <Field label="Release notes" required error={fe("notes")} hint="Reporters of the linked tickets read these.">
                {(p) => <textarea {...p} rows={3} value={form.notes} onChange={(e) => setForm({ ...form, notes: e.target.value })} />}
              </Field>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                Create draft release
              </button>
            </form>
          </section>
        )}
      </div>
    </div>
  );
}
