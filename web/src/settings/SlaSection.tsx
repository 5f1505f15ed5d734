// The SLA setting: resolution hours by kind and priority, pausing while the customer is
// awaited, and the working calendar the clock runs on (business hours per weekday and
// holidays; none: the clock runs 24x7).  Admins change it; managers read it.
import { CalendarOff, Save, Timer, X } from "lucide-react";
import { useState, type FormEvent } from "react";
import { put, type Kind } from "../api";
import { Spinner } from "../components/ui";
import { KIND_SHORT } from "../labels";
import { useSession } from "../session";
import { fmtDate } from "../time";
import { Section, useSave, useSetting } from "./parts";

type OpenHours = { open: string; close: string } | null;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Day = (typeof DAYS)[number];
const DAY_NAME: Record<Day, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

export interface SlaSettings {
  resolution_hours: Record<Kind, Record<string, number>>;
  pause_when_awaiting_customer: boolean;
  business_hours: Record<Day, OpenHours> | null;
  holidays: string[];
}

/** What a working week starts as when business hours are first turned on. */
const FRESH_WEEK: Record<Day, OpenHours> = {
  mon: { open: "06:00", close: "20:00" },
  tue: { open: "06:00", close: "20:00" },
  wed: { open: "06:00", close: "20:00" },
  thu: { open: "06:00", close: "20:00" },
  fri: { open: "06:00", close: "20:00" },
  sat: { open: "06:00", close: "20:00" },
  sun: null,
};

export function SlaSection({ admin }: { admin: boolean }) {
  const { catalog, kinds } = useSession();
  const { value: s, set: setS, saved } = useSetting<SlaSettings>("/api/settings/sla");
  const [holiday, setHoliday] = useState("");
  const save = useSave();
  if (!s) return <Spinner />;
  const ks = (Object.keys(s.resolution_hours) as Kind[]).filter((k) => kinds.includes(k) || admin);
  // Columns by rank; the top one is named by each kind's top priority (Urgent, Critical).
  const ranks = catalog.kinds.b2b.priorities.map((p) => p.rank);
  const rankName = (rank: number) => {
    const names = [...new Set(ks.map((k) => catalog.kinds[k].priorities.find((p) => p.rank === rank)?.label).filter(Boolean))];
    return names.join(" or ");
  };
  const setDay = (d: Day, h: OpenHours) => s.business_hours && setS({ ...s, business_hours: { ...s.business_hours, [d]: h } });
  const addHoliday = () => {
    if (!holiday || s.holidays.includes(holiday)) return;
    setS({ ...s, holidays: [...s.holidays, holiday].sort() });
    setHoliday("");
  };

  return (
    <Section
      id="sla-h"
      icon={<Timer size={18} aria-hidden="true" />}
      title="SLA resolution hours"
      sub="Working hours to resolve, by kind and priority, and the calendar the clock runs on."
    >
      <form
        aria-label="SLA"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save.run(() => put<SlaSettings>("/api/settings/sla", s).then(saved), "SLA settings saved.");
        }}
      >
        {save.banner}
        <table className="sla-table" data-testid="sla-grid">
          <caption className="sr-only">Hours to resolve, by kind and priority</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              {ranks.map((r) => (
                <th key={r} scope="col">
                  {rankName(r)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ks.map((k) => (
              <tr key={k}>
                <th scope="row">{KIND_SHORT[k]}</th>
                {ranks.map((r) => {
                  const p = catalog.kinds[k].priorities.find((x) => x.rank === r);
                  return (
                    <td key={r}>
                      {p && (
                        <input
                          aria-label={`${KIND_SHORT[k]} ${p.label} hours`}
                          type="number"
                          inputMode="decimal"
                          min="0.25"
                          step="0.25"
                          disabled={!admin}
                          value={s.resolution_hours[k]?.[p.code] ?? ""}
                          onChange={(e) =>
                            setS({ ...s, resolution_hours: { ...s.resolution_hours, [k]: { ...s.resolution_hours[k], [p.code]: Number(e.target.value) } } })
                          }
                        />
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <label className="check">
          <input
            type="checkbox"
            disabled={!admin}
            checked={s.pause_when_awaiting_customer}
            onChange={(e) => setS({ ...s, pause_when_awaiting_customer: e.target.checked })}
          />
          Pause the clock while waiting for the customer
        </label>

        <fieldset className="hours" data-testid="business-hours">
          <legend>Business hours</legend>
          <label className="check">
            <input
              type="checkbox"
              disabled={!admin}
              checked={!!s.business_hours}
              onChange={(e) => setS({ ...s, business_hours: e.target.checked ? FRESH_WEEK : null })}
            />
            Count only business hours (otherwise the clock runs day and night)
          </label>
          {s.business_hours && (
            <ul className="hours-list" role="list">
              {DAYS.map((d) => {
                const h = s.business_hours?.[d] ?? null;
                return (
                  <li key={d} data-day={d}>
                    <label className="check">
                      <input
                        type="checkbox"
                        disabled={!admin}
                        checked={!!h}
                        onChange={(e) => setDay(d, e.target.checked ? { open: "06:00", close: "20:00" } : null)}
                      />
                      {DAY_NAME[d]}
                    </label>
                    {h ? (
                      <span className="hours-times">
                        <input
                          type="time"
                          aria-label={`${DAY_NAME[d]} opens`}
                          disabled={!admin}
                          value={h.open}
                          onChange={(e) => setDay(d, { ...h, open: e.target.value })}
                        />
                        <span aria-hidden="true">to</span>
                        <input
                          type="time"
                          aria-label={`${DAY_NAME[d]} closes`}
                          disabled={!admin}
                          value={h.close === "24:00" ? "23:59" : h.close}
                          onChange={(e) => setDay(d, { ...h, close: e.target.value })}
                        />
                      </span>
                    ) : (
                      <span className="muted small">Closed</span>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </fieldset>

        <fieldset className="hours" data-testid="holidays">
          <legend>Holidays</legend>
          <p className="muted small">Days the clock does not run (with business hours).</p>
          {s.holidays.length === 0 ? (
            <p className="muted small">No holidays.</p>
          ) : (
            <ul className="chips holiday-list" role="list">
              {s.holidays.map((d) => (
                <li key={d} className="chip" data-date={d}>
                  <CalendarOff size={14} aria-hidden="true" /> {fmtDate(d)}
                  {admin && (
                    <button
                      type="button"
                      className="chip-x"
                      aria-label={`Remove the holiday on ${fmtDate(d)}`}
                      onClick={() => setS({ ...s, holidays: s.holidays.filter((x) => x !== d) })}
                    >
                      <X size={12} aria-hidden="true" />
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {admin && (
            <div className="inline-form">
              <label className="sr-only" htmlFor="holiday-new">
                Holiday date
              </label>
              <input id="holiday-new" type="date" value={holiday} onChange={(e) => setHoliday(e.target.value)} />
              <button type="button" className="btn" disabled={!holiday} onClick={addHoliday}>
                Add holiday
              </button>
            </div>
          )}
        </fieldset>

        {admin && (
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            <Save size={16} aria-hidden="true" /> Save SLA settings
          </button>
        )}
      </form>
    </Section>
  );
}
