// The ticket's service level: targets, what is left, and pauses.
import { Clock } from "lucide-react";
import { type Ticket } from "../api";
import { fmtDateTime } from "../time";
import { SlaBadge, fmtDuration } from "../components/ui";

export function SlaCard({ t }: { t: Ticket }) {
  if (!t.sla_state) return null;
  const open = t.sla_state === "on_track" || t.sla_state === "at_risk" || t.sla_state === "overdue";
  return (
    <section className={`card sla-card sla-card-${t.sla_state}`} aria-labelledby="sla-h" data-testid="sla-card">
      <h2 id="sla-h">
        <Clock size={18} aria-hidden="true" /> Service level
      </h2>
      <SlaBadge state={t.sla_state} secondsLeft={t.sla_seconds_left} paused={t.sla_paused} />
      <dl>
        {open && t.sla_seconds_left !== null && t.sla_seconds_left !== undefined && (
          <>
            <dt>{t.sla_seconds_left >= 0 ? "Time left" : "Overdue by"}</dt>
            <dd className={t.sla_seconds_left < 0 ? "danger-text" : undefined}>{fmtDuration(t.sla_seconds_left)} of working time</dd>
          </>
        )}
        {t.sla_due_at && (
          <>
            <dt>Due</dt>
            <dd>{fmtDateTime(t.sla_due_at)}</dd>
          </>
        )}
        {t.sla_hours !== null && t.sla_hours !== undefined && (
          <>
            <dt>Target</dt>
            <dd>{t.sla_hours} working hours</dd>
          </>
        )}
        {t.sla_paused && (
          <>
            <dt>Clock</dt>
            <dd>Paused while waiting for the customer</dd>
          </>
        )}
        <dt>First response</dt>
        <dd>{t.first_response_at ? fmtDateTime(t.first_response_at) : <span className="muted">Not yet</span>}</dd>
        {!!t.escalation_level && (
          <>
            <dt>Escalation</dt>
            <dd className="danger-text">Level {t.escalation_level}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
