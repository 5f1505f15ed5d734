// The pattern rules (issue 18): how many quality complaints on one batch, farm or product,
// within how long, open a quality incident.  A count of 0 turns a rule off.
import { AlertTriangle, Save } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { get, put } from "../api";
import { Banner, Field, Spinner, errorText } from "../components/ui";
import type { Schema } from "../schema";
import { Section, useSave } from "./parts";

type Patterns = Required<Schema<"PatternSettings">>;

const RULES: { count: keyof Patterns; window: keyof Patterns; what: string; unit: string }[] = [
  { count: "batch_complaints", window: "batch_window_hours", what: "On one batch", unit: "hours" },
  { count: "farm_complaints", window: "farm_window_days", what: "On one farm", unit: "days" },
  { count: "product_complaints", window: "product_window_days", what: "On one product", unit: "days" },
];

export function PatternsSection() {
  const [s, setS] = useState<Patterns | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = useSave();
  useEffect(() => {
    get<Patterns>("/api/settings/patterns").then(setS, (e) => setError(errorText(e)));
  }, []);
  return (
    <Section
      id="pat-h"
      icon={<AlertTriangle size={18} aria-hidden="true" />}
      title="Pattern rules"
      sub="Quality complaints that gather on one batch, farm or product open a quality incident, flag the farm and tell the managers. 0 turns a rule off."
    >
      {error && <Banner>{error}</Banner>}
      {!s && !error && <Spinner />}
      {s && (
        <form
          className="stack"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void save.run(() => put<Patterns>("/api/settings/patterns", s).then(setS), "Pattern rules saved.");
          }}
        >
          {save.banner}
          {RULES.map((r) => (
            <div className="field-pair" key={r.count}>
              <Field label={`${r.what}: complaints`}>
                {(p) => <input {...p} type="number" min="0" max="10000" value={s[r.count]} onChange={(e) => setS({ ...s, [r.count]: Number(e.target.value) })} />}
              </Field>
              <Field label={`Within (${r.unit})`}>
                {(p) => <input {...p} type="number" min="1" max="3650" value={s[r.window]} onChange={(e) => setS({ ...s, [r.window]: Number(e.target.value) })} />}
              </Field>
            </div>
          ))}
          <p className="muted small">
            <Link to="/incidents">See the quality incidents</Link>
          </p>
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            <Save size={16} aria-hidden="true" /> Save pattern rules
          </button>
        </form>
      )}
    </Section>
  );
}
