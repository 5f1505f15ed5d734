// Settings: when a customer counts as a repeat complainer.
import { Repeat, Save } from "lucide-react";
import type { FormEvent } from "react";
import { put } from "../api";
import { Banner, Field, Spinner, errorText } from "../components/ui";
import { Section, useSave, useSetting } from "./parts";

type Complaints = { repeat_complainer_threshold: number; repeat_complainer_window_days: number };

export function ComplaintsSection() {
  const { value: s, set: setS, saved, error: failed } = useSetting<Complaints>("/api/settings/complaints");
  const error = failed ? errorText(failed) : null;
  const save = useSave();
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
            void save.run(() => put<Complaints>("/api/settings/complaints", s).then(saved), "Complaint settings saved.");
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
