// Settings for managers and admins: SLA hours, approval thresholds, auto-close and routing
// (admins change them; managers read them), teams and who is on duty, reply templates
// (managers and admins), and the mail server (admins).
import { Mail, Route, Save, Timer, Users, FileText } from "lucide-react";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { get, post, put, type Kind, type Team, type Template, type User } from "../api";
import { Banner, Field, Spinner, errorText } from "../components/ui";
import { KIND_SHORT, roleLabel } from "../labels";
import { useSession, useTitle } from "../session";
import { REPLY_CHANNELS } from "../components/TicketExtras";

interface SlaSettings {
  resolution_hours: Record<Kind, Record<string, number>>;
  pause_when_awaiting_customer: boolean;
}
interface Workflow {
  approval_thresholds: Record<string, number>;
  auto_close_days: number;
  routing: Record<Kind, { team_id: number | null; mode: string }>;
}
interface Smtp {
  url: string | null;
  starttls: boolean;
  username: string | null;
  password_set: boolean;
  from: string | null;
}

const ROUTING_MODES: Record<string, string> = { manual: "Manual (a manager assigns)", round_robin: "Round robin", least_open: "Least open tickets" };
const THRESHOLD_LABEL: Record<string, string> = { credit_note: "Credit note", refund: "Refund", store_credit: "Store credit" };

function Section({ id, icon, title, sub, children }: { id: string; icon: ReactNode; title: string; sub: string; children: ReactNode }) {
  return (
    <section className="card settings-card" aria-labelledby={id}>
      <h2 id={id}>
        {icon} {title}
      </h2>
      <p className="muted small">{sub}</p>
      {children}
    </section>
  );
}

function useSave() {
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(fn: () => Promise<unknown>, ok: string) {
    setBusy(true);
    setMsg(null);
    try {
      await fn();
      setMsg({ ok: true, text: ok });
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }
  const banner = msg && (
    <Banner kind={msg.ok ? "success" : "error"} onClose={() => setMsg(null)}>
      {msg.text}
    </Banner>
  );
  return { run, busy, banner };
}

export function Settings() {
  const { me } = useSession();
  useTitle("Settings");
  const admin = me.role === "admin";
  return (
    <div className="settings">
      <div className="page-head">
        <div>
          <p className="eyebrow">{admin ? "Admin" : "Manager"}</p>
          <h1>Settings</h1>
          <p className="muted">
            {admin
              ? "How tickets are timed, approved, routed and answered."
              : "Teams and reply templates; the rules are shown for reference (admins change them)."}
          </p>
        </div>
      </div>
      <div className="settings-grid">
        <SlaSection admin={admin} />
        <WorkflowSection admin={admin} />
        <TeamsSection />
        <TemplatesSection />
        {admin && <SmtpSection />}
      </div>
    </div>
  );
}

function SlaSection({ admin }: { admin: boolean }) {
  const { catalog, kinds } = useSession();
  const [s, setS] = useState<SlaSettings | null>(null);
  const save = useSave();
  useEffect(() => {
    get<SlaSettings>("/api/settings/sla").then(setS, () => null);
  }, []);
  if (!s) return <Spinner />;
  const ks = (Object.keys(s.resolution_hours) as Kind[]).filter((k) => kinds.includes(k) || admin);
  return (
    <Section id="sla-h" icon={<Timer size={18} aria-hidden="true" />} title="SLA resolution hours" sub="Working hours to resolve, by kind and priority.">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save.run(
            () => put("/api/settings/sla", { resolution_hours: s.resolution_hours, pause_when_awaiting_customer: s.pause_when_awaiting_customer }),
            "SLA hours saved.",
          );
        }}
      >
        {save.banner}
        <div className="table-wrap">
          <table className="sla-table">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                {catalog.kinds.b2b.priorities.map((p) => (
                  <th key={p.rank} scope="col">
                    {p.rank === 3 ? "Top" : p.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ks.map((k) => (
                <tr key={k}>
                  <th scope="row">{KIND_SHORT[k]}</th>
                  {catalog.kinds[k].priorities.map((p) => (
                    <td key={p.code}>
                      <input
                        aria-label={`${KIND_SHORT[k]} ${p.label} hours`}
                        type="number"
                        min="0.25"
                        step="0.25"
                        disabled={!admin}
                        value={s.resolution_hours[k]?.[p.code] ?? ""}
                        onChange={(e) =>
                          setS({ ...s, resolution_hours: { ...s.resolution_hours, [k]: { ...s.resolution_hours[k], [p.code]: Number(e.target.value) } } })
                        }
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <label className="check">
          <input
            type="checkbox"
            disabled={!admin}
            checked={s.pause_when_awaiting_customer}
            onChange={(e) => setS({ ...s, pause_when_awaiting_customer: e.target.checked })}
          />
          Pause the clock while waiting for the customer
        </label>
        {admin && (
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            <Save size={16} aria-hidden="true" /> Save SLA hours
          </button>
        )}
      </form>
    </Section>
  );
}

function WorkflowSection({ admin }: { admin: boolean }) {
  const [w, setW] = useState<Workflow | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const save = useSave();
  useEffect(() => {
    get<Workflow>("/api/settings/workflow").then(setW, () => null);
    get<{ items: Team[] }>("/api/teams").then(
      (r) => setTeams(r.items),
      () => null,
    );
  }, []);
  if (!w) return <Spinner />;
  return (
    <Section
      id="wf-h"
      icon={<Route size={18} aria-hidden="true" />}
      title="Approvals, auto-close and routing"
      sub="Above a threshold an agent's resolution waits for a manager (₹)."
    >
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save.run(() => put("/api/settings/workflow", w).then((r) => setW(r as Workflow)), "Workflow saved.");
        }}
      >
        {save.banner}
        <div className="field-row3">
          {Object.entries(w.approval_thresholds).map(([k, v]) => (
            <Field key={k} label={`${THRESHOLD_LABEL[k] ?? k} threshold (₹)`}>
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min="-1"
                  disabled={!admin}
                  value={v}
                  onChange={(e) => setW({ ...w, approval_thresholds: { ...w.approval_thresholds, [k]: Number(e.target.value) } })}
                />
              )}
            </Field>
          ))}
        </div>
        <Field label="Close resolved tickets after (days)" hint="With no reply from the customer; 0 never.">
          {(p) => (
            <input
              {...p}
              type="number"
              min="0"
              disabled={!admin}
              value={w.auto_close_days}
              onChange={(e) => setW({ ...w, auto_close_days: Number(e.target.value) })}
            />
          )}
        </Field>
        <h3 className="mini-h">Routing of new tickets</h3>
        {(Object.keys(w.routing) as Kind[]).map((k) => (
          <div key={k} className="field-pair">
            <Field label={`${KIND_SHORT[k]}: team`}>
              {(p) => (
                <select
                  {...p}
                  disabled={!admin}
                  value={w.routing[k].team_id ?? ""}
                  onChange={(e) => setW({ ...w, routing: { ...w.routing, [k]: { ...w.routing[k], team_id: e.target.value ? Number(e.target.value) : null } } })}
                >
                  <option value="">No team</option>
                  {teams.map((t) => (
                    <option key={t.team_id} value={t.team_id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={`${KIND_SHORT[k]}: assign`}>
              {(p) => (
                <select
                  {...p}
                  disabled={!admin}
                  value={w.routing[k].mode}
                  onChange={(e) => setW({ ...w, routing: { ...w.routing, [k]: { ...w.routing[k], mode: e.target.value } } })}
                >
                  {Object.entries(ROUTING_MODES).map(([m, l]) => (
                    <option key={m} value={m}>
                      {l}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        ))}
        {admin && (
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            <Save size={16} aria-hidden="true" /> Save workflow
          </button>
        )}
      </form>
    </Section>
  );
}

function TeamsSection() {
  const { users } = useSession();
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [name, setName] = useState("");
  const [members, setMembers] = useState<number[]>([]);
  const save = useSave();
  const load = () =>
    get<{ items: Team[] }>("/api/teams").then(
      (r) => setTeams(r.items),
      () => setTeams([]),
    );
  useEffect(() => {
    void load();
  }, []);
  const staff = users.filter((u: User) => u.role === "agent" || u.role === "manager");
  return (
    <Section id="teams-h" icon={<Users size={18} aria-hidden="true" />} title="Teams and availability" sub="Automatic routing skips people who are away.">
      {save.banner}
      {!teams ? (
        <Spinner />
      ) : teams.length === 0 ? (
        <p className="muted">No teams yet.</p>
      ) : (
        <ul className="teams" role="list">
          {teams.map((t) => (
            <li key={t.team_id}>
              <strong>{t.name}</strong>
              <ul role="list">
                {t.members.map((m) => (
                  <li key={m.user_id} className="member">
                    <span>
                      {m.name} <span className="muted small">· {roleLabel(m.role)}</span>
                    </span>
                    <label className="switch">
                      <input
                        type="checkbox"
                        checked={!!m.available}
                        onChange={(e) =>
                          void save.run(
                            () => post(`/api/users/${m.user_id}/availability`, { available: e.target.checked }).then(load),
                            `${m.name} is ${e.target.checked ? "on duty" : "away"}.`,
                          )
                        }
                      />
                      {m.available ? "On duty" : "Away"}
                    </label>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save.run(
            () =>
              post("/api/teams", { name, members }).then(() => {
                setName("");
                setMembers([]);
                return load();
              }),
            "Team created.",
          );
        }}
      >
        <h3 className="mini-h">New team</h3>
        <Field label="Team name">{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <fieldset className="checks">
          <legend>Members</legend>
          {staff.map((u) => (
            <label key={u.user_id} className="check">
              <input
                type="checkbox"
                checked={members.includes(u.user_id)}
                onChange={(e) => setMembers(e.target.checked ? [...members, u.user_id] : members.filter((x) => x !== u.user_id))}
              />
              {u.name}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn" disabled={save.busy || !name.trim()}>
          Create team
        </button>
      </form>
    </Section>
  );
}

function TemplatesSection() {
  const { kinds } = useSession();
  const [items, setItems] = useState<(Template & { channel?: string })[] | null>(null);
  const [t, setT] = useState({ name: "", kind: "", channel: "email", subject: "", body: "" });
  const save = useSave();
  const load = () =>
    get<{ items: (Template & { channel?: string })[] }>("/api/templates").then(
      (r) => setItems(r.items),
      () => setItems([]),
    );
  useEffect(() => {
    void load();
  }, []);
  return (
    <Section
      id="tpl-h"
      icon={<FileText size={18} aria-hidden="true" />}
      title="Reply templates"
      sub="Placeholders like {{customer.name}} and {{ticket.number}} are filled in when sent."
    >
      {save.banner}
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="muted">No templates yet.</p>
      ) : (
        <ul className="templates" role="list">
          {items.map((x) => (
            <li key={x.template_id}>
              <strong>{x.name}</strong>{" "}
              <span className="muted small">
                · {x.kind ? KIND_SHORT[x.kind as Kind] : "Any kind"} · {REPLY_CHANNELS[x.channel ?? ""] ?? x.channel}
              </span>
              <p className="small prewrap muted">{x.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save.run(
            () =>
              post("/api/templates", { name: t.name, kind: t.kind || undefined, channel: t.channel, subject: t.subject || undefined, body: t.body }).then(
                () => {
                  setT({ name: "", kind: "", channel: "email", subject: "", body: "" });
                  return load();
                },
              ),
            "Template saved.",
          );
        }}
      >
        <h3 className="mini-h">New template</h3>
        <Field label="Name">{(p) => <input {...p} value={t.name} onChange={(e) => setT({ ...t, name: e.target.value })} />}</Field>
        <div className="field-pair">
          <Field label="Kind">
            {(p) => (
              <select {...p} value={t.kind} onChange={(e) => setT({ ...t, kind: e.target.value })}>
                <option value="">Any kind</option>
                {kinds
                  .filter((k) => k !== "internal")
                  .map((k) => (
                    <option key={k} value={k}>
                      {KIND_SHORT[k]}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label="Channel">
            {(p) => (
              <select {...p} value={t.channel} onChange={(e) => setT({ ...t, channel: e.target.value })}>
                {Object.entries(REPLY_CHANNELS).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {t.channel === "email" && (
          <Field label="Subject">{(p) => <input {...p} value={t.subject} onChange={(e) => setT({ ...t, subject: e.target.value })} />}</Field>
        )}
        <Field label="Message">{(p) => <textarea {...p} rows={3} value={t.body} onChange={(e) => setT({ ...t, body: e.target.value })} />}</Field>
        <button type="submit" className="btn" disabled={save.busy || !t.name.trim() || !t.body.trim()}>
          Save template
        </button>
      </form>
    </Section>
  );
}

function SmtpSection() {
  const [s, setS] = useState<Smtp | null>(null);
  const [password, setPassword] = useState("");
  const save = useSave();
  useEffect(() => {
    get<Smtp>("/api/settings/smtp").then(setS, () => null);
  }, []);
  if (!s) return <Spinner />;
  return (
    <Section
      id="smtp-h"
      icon={<Mail size={18} aria-hidden="true" />}
      title="Mail server"
      sub="Email notifications and replies go out through this SMTP server."
    >
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const body: Record<string, unknown> = { url: s.url ?? "", starttls: s.starttls, username: s.username ?? "", from: s.from ?? "" };
          if (password) body.password = password;
          void save.run(() => put<Smtp>("/api/settings/smtp", body).then((r) => setS(r)), "Mail server saved.");
        }}
      >
        {save.banner}
        <Field label="Server URL" hint="smtp://host:587 or smtps://host:465">
          {(p) => <input {...p} value={s.url ?? ""} onChange={(e) => setS({ ...s, url: e.target.value })} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={s.starttls} onChange={(e) => setS({ ...s, starttls: e.target.checked })} /> Require STARTTLS
        </label>
        <div className="field-pair">
          <Field label="Username">
            {(p) => <input {...p} value={s.username ?? ""} autoComplete="off" onChange={(e) => setS({ ...s, username: e.target.value })} />}
          </Field>
          <Field label="Password" hint={s.password_set ? "Set; leave empty to keep it." : undefined}>
            {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
        </div>
        <Field label="From address">{(p) => <input {...p} type="email" value={s.from ?? ""} onChange={(e) => setS({ ...s, from: e.target.value })} />}</Field>
        <button type="submit" className="btn btn-primary" disabled={save.busy}>
          <Save size={16} aria-hidden="true" /> Save mail server
        </button>
      </form>
    </Section>
  );
}
