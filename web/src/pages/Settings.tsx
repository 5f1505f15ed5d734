// Settings for managers and admins: users (admins add them; both set who is on duty), teams
// (rename, members), SLA hours, approval thresholds, auto-close and routing (admins change
// them; managers read them), the repeat-complainer rule, reply templates (create, edit,
// delete), and the mail server (admins).
import { FileText, Mail, Repeat, Route, Save, UserCog, UserPlus, Users } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { ApiError, del, get, post, put, type Kind, type Team, type Template, type User } from "../api";
import { Banner, Field, Spinner, errorText } from "../components/ui";
import { KIND_SHORT, codeLabel, roleLabel } from "../labels";
import { useSession, useTitle } from "../session";
import { Section, useSave } from "../settings/parts";
import { SlaSection } from "../settings/SlaSection";
import { IntegrationsSection } from "../settings/IntegrationsSection";
import { PatternsSection } from "../settings/PatternsSection";
import { WhatsAppSection } from "../settings/WhatsAppSection";
import { AccessSection } from "../settings/AccessSection";

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

const THRESHOLD_LABEL: Record<string, string> = { credit_note: "Credit note", refund: "Refund", store_credit: "Store credit" };

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
              : "Users, teams, complaint rules and reply templates; SLA and workflow are shown for reference (admins change them)."}
          </p>
        </div>
      </div>
      <div className="settings-grid">
        <UsersSection admin={admin} />
        <TeamsSection />
        <SlaSection admin={admin} />
        <WorkflowSection admin={admin} />
        <ComplaintsSection />
        <PatternsSection />
        <TemplatesSection />
        {admin && <SmtpSection />}
        {admin && <IntegrationsSection />}
        {admin && <WhatsAppSection />}
        <AccessSection admin={admin} />
      </div>
    </div>
  );
}

function WorkflowSection({ admin }: { admin: boolean }) {
  const { catalog } = useSession();
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
                  {catalog.routing_modes.map((m) => (
                    <option key={m} value={m}>
                      {codeLabel(m)}
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

const STAFF_ROLES = new Set(["agent", "manager", "admin", "developer"]);

function TeamsSection() {
  const { users: sessionUsers } = useSession();
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const save = useSave();
  const load = () =>
    get<{ items: Team[] }>("/api/teams").then(
      (r) => setTeams(r.items),
      () => setTeams([]),
    );
  useEffect(() => {
    void load();
  }, []);
  const staff = sessionUsers.filter((u: User) => STAFF_ROLES.has(u.role));
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
            <li key={t.team_id} data-testid="team" data-team={t.name}>
              <div className="team-head">
                <strong>{t.name}</strong>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  aria-expanded={editing === t.team_id}
                  onClick={() => setEditing(editing === t.team_id ? null : t.team_id)}
                >
                  {editing === t.team_id ? "Cancel" : `Edit ${t.name}`}
                </button>
              </div>
              {editing === t.team_id ? (
                <TeamForm
                  staff={staff}
                  initial={{ name: t.name, members: t.members.map((m) => m.user_id) }}
                  busy={save.busy}
                  submitLabel="Save team"
                  onSubmit={(name, members) =>
                    void save.run(
                      () =>
                        put(`/api/teams/${t.team_id}`, { name, members }).then(() => {
                          setEditing(null);
                          return load();
                        }),
                      `Team ${name} saved.`,
                    )
                  }
                />
              ) : (
                <ul role="list">
                  {t.members.length === 0 && <li className="muted small">No members.</li>}
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
              )}
            </li>
          ))}
        </ul>
      )}
      <h3 className="mini-h">New team</h3>
      <TeamForm
        staff={staff}
        initial={{ name: "", members: [] }}
        busy={save.busy}
        submitLabel="Create team"
        onSubmit={(name, members) => void save.run(() => post("/api/teams", { name, members }).then(load), "Team created.")}
        resetOnSubmit
      />
    </Section>
  );
}

function TeamForm({
  staff,
  initial,
  busy,
  submitLabel,
  onSubmit,
  resetOnSubmit,
}: {
  staff: User[];
  initial: { name: string; members: number[] };
  busy: boolean;
  submitLabel: string;
  onSubmit: (name: string, members: number[]) => void;
  resetOnSubmit?: boolean;
}) {
  const [name, setName] = useState(initial.name);
  const [members, setMembers] = useState<number[]>(initial.members);
  return (
    <form
      className="stack"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit(name.trim(), members);
        if (resetOnSubmit) {
          setName("");
          setMembers([]);
        }
      }}
    >
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
            {u.name} <span className="muted small">· {roleLabel(u.role)}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="btn" disabled={busy || !name.trim()}>
        {submitLabel}
      </button>
    </form>
  );
}

type TemplateDraft = { name: string; kind: string; channel: string; subject: string; body: string; categories: string[] };

function TemplatesSection() {
  const { kinds, catalog } = useSession();
  const blank = (): TemplateDraft => ({ name: "", kind: "", channel: catalog.reply_channels[0] ?? "email", subject: "", body: "", categories: [] });
  const [items, setItems] = useState<Template[] | null>(null);
  const [t, setT] = useState<TemplateDraft>(blank);
  const [editing, setEditing] = useState<Template | null>(null);
  const save = useSave();
  const load = () =>
    get<{ items: Template[] }>("/api/templates").then(
      (r) => setItems(r.items),
      () => setItems([]),
    );
  useEffect(() => {
    void load();
  }, []);
  const edit = (x: Template) => {
    setEditing(x);
    setT({ name: x.name, kind: x.kind ?? "", channel: x.channel ?? "email", subject: x.subject ?? "", body: x.body, categories: x.categories ?? [] });
    document.getElementById("tpl-form")?.scrollIntoView({ block: "nearest" });
  };
  const reset = () => {
    setEditing(null);
    setT(blank());
  };
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
            <li key={x.template_id} data-testid="template" data-name={x.name}>
              <div className="team-head">
                <span>
                  <strong>{x.name}</strong>{" "}
                  <span className="muted small">
                    · {x.kind ? KIND_SHORT[x.kind as Kind] : "B2B and B2C"} · {codeLabel(x.channel)}
                  </span>
                </span>
                <span className="btn-row">
                  <button type="button" className="btn btn-sm btn-ghost" onClick={() => edit(x)}>
                    Edit <span className="sr-only">{x.name}</span>
                  </button>
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost danger-text"
                    disabled={save.busy}
                    onClick={() => {
                      if (!window.confirm(`Delete the template “${x.name}”?`)) return;
                      void save.run(
                        () =>
                          del(`/api/templates/${x.template_id}`).then(() => {
                            if (editing?.template_id === x.template_id) reset();
                            return load();
                          }),
                        `Template ${x.name} deleted.`,
                      );
                    }}
                  >
                    Delete <span className="sr-only">{x.name}</span>
                  </button>
                </span>
              </div>
              <p className="small prewrap muted">{x.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form
        id="tpl-form"
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const body = {
            name: t.name,
            kind: t.kind || null,
            channel: t.channel,
            subject: t.channel === "email" ? t.subject || null : null,
            body: t.body,
            categories: t.categories.length ? t.categories : null,
          };
          void save.run(
            () =>
              (editing ? put(`/api/templates/${editing.template_id}`, body) : post("/api/templates", body)).then(() => {
                reset();
                return load();
              }),
            editing ? `Template ${t.name} saved.` : "Template created.",
          );
        }}
      >
        <h3 className="mini-h">{editing ? `Edit “${editing.name}”` : "New template"}</h3>
        <Field label="Template name">{(p) => <input {...p} value={t.name} onChange={(e) => setT({ ...t, name: e.target.value })} />}</Field>
        <div className="field-pair">
          <Field label="For">
            {(p) => (
              <select {...p} value={t.kind} onChange={(e) => setT({ ...t, kind: e.target.value, categories: [] })}>
                <option value="">B2B and B2C</option>
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
                {catalog.reply_channels.map((k) => (
                  <option key={k} value={k}>
                    {codeLabel(k)}
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
        {t.categories.length > 0 && <p className="muted small">For {t.categories.length} categories (kept as they are).</p>}
        <div className="btn-row">
          <button type="submit" className="btn" disabled={save.busy || !t.name.trim() || !t.body.trim()}>
            {editing ? "Save changes" : "Save template"}
          </button>
          {editing && (
            <button type="button" className="btn btn-ghost" onClick={reset}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </Section>
  );
}

function UsersSection({ admin }: { admin: boolean }) {
  const { catalog, me } = useSession();
  const [items, setItems] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [u, setU] = useState({ name: "", email: "", role: catalog.roles.includes("agent") ? "agent" : (catalog.roles[0] ?? ""), password: "" });
  const [ferr, setFerr] = useState<{ field: string | null; message: string } | null>(null);
  const save = useSave();
  const load = () =>
    get<{ items: User[] }>("/api/users").then(
      (r) => setItems(r.items),
      (e) => setError(errorText(e)),
    );
  useEffect(() => {
    void load();
  }, []);
  const [added, setAdded] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  async function add(e: FormEvent) {
    e.preventDefault();
    setFerr(null);
    setAdded(null);
    setAdding(true);
    try {
      const r = await post<User>("/api/users", u);
      setAdded(`${r.name} added as ${roleLabel(r.role).toLowerCase()}.`);
      setU({ ...u, name: "", email: "", password: "" });
      await load();
    } catch (x) {
      setFerr({ field: x instanceof ApiError ? x.field : null, message: errorText(x) });
    } finally {
      setAdding(false);
    }
  }
  const fe = (f: string) => (ferr?.field === f ? ferr.message : null);
  return (
    <Section id="users-h" icon={<UserCog size={18} aria-hidden="true" />} title="Users" sub="Who can sign in, their role, and who is on duty.">
      {save.banner}
      {error && <Banner>{error}</Banner>}
      {!items ? (
        <Spinner />
      ) : (
        <ul className="teams users" role="list">
          {items.map((x) => (
            <li key={x.user_id} className="member" data-testid="user" data-email={x.email}>
              <span>
                <strong>{x.name}</strong> <span className="muted small">· {roleLabel(x.role)}</span>
                {x.email && <span className="muted small user-email">{x.email}</span>}
                {x.active === false && <span className="muted small"> · inactive</span>}
              </span>
              {x.role !== "reporter" && x.active !== false && (
                <label className="switch">
                  <input
                    type="checkbox"
                    checked={!!x.available}
                    disabled={save.busy}
                    onChange={(e) =>
                      void save.run(
                        () => post(`/api/users/${x.user_id}/availability`, { available: e.target.checked }).then(load),
                        `${x.user_id === me.user_id ? "You are" : `${x.name} is`} ${e.target.checked ? "on duty" : "away"}.`,
                      )
                    }
                  />
                  <span className="sr-only">{x.name}: </span>
                  {x.available ? "On duty" : "Away"}
                </label>
              )}
            </li>
          ))}
        </ul>
      )}
      {admin ? (
        <form className="stack" onSubmit={add} noValidate aria-label="Add a user">
          <h3 className="mini-h">Add a user</h3>
          {added && (
            <Banner kind="success" onClose={() => setAdded(null)}>
              {added}
            </Banner>
          )}
          {ferr && !["name", "email", "role", "password"].includes(ferr.field ?? "") && <Banner onClose={() => setFerr(null)}>{ferr.message}</Banner>}
          <div className="field-pair">
            <Field label="Full name" required error={fe("name")}>
              {(p) => <input {...p} value={u.name} autoComplete="off" onChange={(e) => setU({ ...u, name: e.target.value })} />}
            </Field>
            <Field label="Email address" required error={fe("email")}>
              {(p) => <input {...p} type="email" value={u.email} autoComplete="off" onChange={(e) => setU({ ...u, email: e.target.value })} />}
            </Field>
          </div>
          <div className="field-pair">
            <Field label="Role" error={fe("role")}>
              {(p) => (
                <select {...p} value={u.role} onChange={(e) => setU({ ...u, role: e.target.value })}>
                  {catalog.roles.map((r) => (
                    <option key={r} value={r}>
                      {roleLabel(r)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="First password" required error={fe("password")} hint="At least 8 characters; tell them to change it.">
              {(p) => (
                <input {...p} type="password" autoComplete="new-password" value={u.password} onChange={(e) => setU({ ...u, password: e.target.value })} />
              )}
            </Field>
          </div>
          <button type="submit" className="btn btn-primary" disabled={adding}>
            <UserPlus size={16} aria-hidden="true" /> Add user
          </button>
        </form>
      ) : (
        <p className="muted small">Admins add users.</p>
      )}
    </Section>
  );
}

function ComplaintsSection() {
  const [s, setS] = useState<{ repeat_complainer_threshold: number; repeat_complainer_window_days: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = useSave();
  useEffect(() => {
    get<{ repeat_complainer_threshold: number; repeat_complainer_window_days: number }>("/api/settings/complaints").then(setS, (e) => setError(errorText(e)));
  }, []);
  return (
    <Section
      id="cmp-h"
      icon={<Repeat size={18} aria-hidden="true" />}
      title="Repeat complainers"
      sub="When a customer is marked as a repeat complainer on their page and tickets."
    >
      {error && <Banner>{error}</Banner>}
      {!s && !error && <Spinner />}
      {s && (
        <form
          className="stack"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void save.run(() => put<typeof s>("/api/settings/complaints", s).then(setS), "Complaint settings saved.");
          }}
        >
          {save.banner}
          <div className="field-pair">
            <Field label="Complaints">
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min="1"
                  max="3650"
                  value={s.repeat_complainer_threshold}
                  onChange={(e) => setS({ ...s, repeat_complainer_threshold: Number(e.target.value) })}
                />
              )}
            </Field>
            <Field label="Within (days)">
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min="1"
                  max="3650"
                  value={s.repeat_complainer_window_days}
                  onChange={(e) => setS({ ...s, repeat_complainer_window_days: Number(e.target.value) })}
                />
              )}
            </Field>
          </div>
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            <Save size={16} aria-hidden="true" /> Save complaint settings
          </button>
        </form>
      )}
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
