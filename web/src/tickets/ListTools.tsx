// The ticket list's own tools (issue 18): saved views (pick one to open its filters and sort;
// save the current ones under a name, shared with a team by a manager) and the CSV export of
// the list as filtered (a download of GET .../export.csv with the same query).
import { Download, Save } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { get, post, query, type Kind } from "../api";
import { errorText } from "../components/ui";
import type { Schema } from "../schema";
import { useSession } from "../session";

type SavedView = Schema<"SavedView">;
type Team = { team_id: number; name: string };

export function ListTools({ route, filters }: { route: Kind | null; filters: Record<string, string> }) {
  const { me } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = route ?? "all";
  const manager = me.role === "manager" || me.role === "admin";
  const views = useQuery({ queryKey: ["/api/views"], queryFn: () => get<{ items: SavedView[] }>("/api/views") });
  const teams = useQuery({
    queryKey: ["/api/teams"],
    queryFn: () => get<{ items: Team[] }>("/api/teams"),
    enabled: manager,
  });
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState("");
  const [team, setTeam] = useState("");
  const [error, setError] = useState<string | null>(null);
  const here = (views.data?.items ?? []).filter((v) => v.list === list);
  const qs = query(filters).replace(/^\?/, "");
  const save = useMutation({
    mutationFn: () => post<SavedView>("/api/views", { name, list, query: qs, ...(team ? { team_id: Number(team) } : {}) }),
    onSuccess: () => {
      setSaving(false);
      setName("");
      setTeam("");
      setError(null);
      void client.invalidateQueries({ queryKey: ["/api/views"] });
    },
    onError: (e) => setError(errorText(e)),
  });
  const exportHref = (route ? `/api/tickets/${route}/export.csv` : "/api/tickets/export.csv") + query(filters);
  const open = (id: string) => {
    const v = here.find((x) => String(x.view_id) === id);
    if (v) navigate(`/tickets${route ? "/" + route : ""}${v.query ? "?" + v.query : ""}`);
  };

  return (
    <div className="list-tools">
      <label className="sort">
        <span className="sr-only">Saved views</span>
        <select aria-label="Saved views" value="" onChange={(e) => open(e.target.value)}>
          <option value="">{here.length ? "Saved views…" : "No saved views"}</option>
          {here.map((v) => (
            <option key={v.view_id} value={v.view_id}>
              {v.name}
              {v.mine ? "" : ` (${v.owner_name}${v.team_name ? ", " + v.team_name : ""})`}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn" aria-expanded={saving} onClick={() => setSaving((s) => !s)}>
        <Save size={16} aria-hidden="true" /> Save view
      </button>
      <a className="btn" href={exportHref} download>
        <Download size={16} aria-hidden="true" /> Export CSV
      </a>
      {saving && (
        <form
          className="list-tools-save"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label>
            <span>Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
          </label>
          {manager && (
            <label>
              <span>Share with</span>
              <select value={team} onChange={(e) => setTeam(e.target.value)}>
                <option value="">Only me</option>
                {(teams.data?.items ?? []).map((t) => (
                  <option key={t.team_id} value={t.team_id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            Save
          </button>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
