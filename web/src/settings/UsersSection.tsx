// Settings: users (admins add them; managers and admins set who is on duty).
import { UserCog, UserPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { ApiError, post, type User } from "../api";
import { Banner, Field, Spinner, errorText } from "../components/ui";
import { roleLabel } from "../labels";
import { refresh, useApi } from "../query";
import { useSession } from "../session";
import { Section, useSave } from "./parts";

export function UsersSection({ admin }: { admin: boolean }) {
  const { catalog, me } = useSession();
  const q = useApi<{ items: User[] }>("/api/users");
  const items = q.data?.items ?? null;
  const error = q.error ? errorText(q.error) : null;
  const [u, setU] = useState({ name: "", email: "", role: catalog.roles.includes("agent") ? "agent" : (catalog.roles[0] ?? ""), password: "" });
  const [ferr, setFerr] = useState<{ field: string | null; message: string } | null>(null);
  const save = useSave();
  const load = () => refresh("/api/users", "/api/teams");
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
