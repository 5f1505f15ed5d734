// Settings: approval thresholds, auto-close and the routing of new tickets (admins change
// them; managers read them).
import { Route, Save } from "lucide-react";
import type { FormEvent } from "react";
import { put, type Kind, type Team } from "../api";
import { Field, Spinner } from "../components/ui";
import { KIND_SHORT, codeLabel } from "../labels";
import { useApi } from "../query";
import { useSession } from "../session";
import { Section, useSave, useSetting } from "./parts";

interface Workflow {
  approval_thresholds: Record<string, number>;
  auto_close_days: number;
  routing: Record<Kind, { team_id: number | null; mode: string }>;
}

const THRESHOLD_LABEL: Record<string, string> = { credit_note: "Credit note", refund: "Refund", store_credit: "Store credit" };

export function WorkflowSection({ admin }: { admin: boolean }) {
  const { catalog } = useSession();
  const { value: w, set: setW, saved } = useSetting<Workflow>("/api/settings/workflow");
  const teams = useApi<{ items: Team[] }>("/api/teams").data?.items ?? [];
  const save = useSave();
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
          void save.run(() => put<Workflow>("/api/settings/workflow", w).then(saved), "Workflow saved.");
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
