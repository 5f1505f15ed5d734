// Settings: teams (create, rename, members) and who of them is on duty.
import { Users } from "lucide-react";
import { useState } from "react";
import { post, put, type Team, type User } from "../api";
import { Spinner } from "../components/ui";
import { roleLabel } from "../labels";
import { refresh, useApi } from "../query";
import { useSession } from "../session";
import { Section, useSave } from "./parts";
import { TeamForm } from "./TeamForm";

const STAFF_ROLES = new Set(["agent", "manager", "admin", "developer"]);

export function TeamsSection() {
  const { users: sessionUsers } = useSession();
  const teamsQ = useApi<{ items: Team[] }>("/api/teams");
  const teams = teamsQ.error ? [] : (teamsQ.data?.items ?? null);
  const [editing, setEditing] = useState<number | null>(null);
  const save = useSave();
  const load = () => refresh("/api/teams", "/api/users");
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
