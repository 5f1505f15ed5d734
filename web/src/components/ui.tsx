// Small shared pieces: badges, form fields with their error, banners, spinners.
import { AlertTriangle, CheckCircle2, Clock, Info } from "lucide-react";
import { useId, type ReactNode } from "react";
import { ApiError } from "../api";
import { humanize } from "../labels";
import { lateLabel } from "../time";

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <span className={`badge status-${status}`}>
      <span className="badge-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function PriorityBadge({ priority, label }: { priority: string; label?: string }) {
  return (
    <span className={`prio prio-${priority}`} title="Priority">
      <span className="prio-bars" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      {label ?? priority.charAt(0).toUpperCase() + priority.slice(1)}
    </span>
  );
}

/** A B2C ticket's claim window: the server's own label when it gave one. */
export function PolicyFlag({
  within,
  daysLate,
  label,
  compact,
}: {
  within: boolean | null | undefined;
  daysLate?: number;
  label?: string | null;
  compact?: boolean;
}) {
  if (within === null || within === undefined) return null;
  if (within)
    return compact ? null : (
      <span className="flag flag-ok">
        <CheckCircle2 size={14} aria-hidden="true" /> Within policy window
      </span>
    );
  return (
    <span className="flag flag-late">
      <AlertTriangle size={14} aria-hidden="true" /> {label ?? lateLabel(daysLate ?? 0)}
    </span>
  );
}

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return humanize(e.message);
  if (e instanceof Error) return e.message;
  return String(e);
}

export function Banner({ kind = "error", children, onClose }: { kind?: "error" | "info" | "success"; children: ReactNode; onClose?: () => void }) {
  const Icon = kind === "error" ? AlertTriangle : kind === "success" ? CheckCircle2 : Info;
  return (
    <div className={`banner banner-${kind}`} role={kind === "error" ? "alert" : "status"}>
      <Icon size={18} aria-hidden="true" />
      <div className="banner-body">{children}</div>
      {onClose && (
        <button type="button" className="banner-close" onClick={onClose} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}

/** A labelled form control with its hint and error; the control gets id, aria-describedby
 *  and aria-invalid through the render function. */
export function Field({
  id: fixedId,
  label,
  required,
  hint,
  error,
  wide,
  children,
}: {
  id?: string;
  label: string;
  required?: boolean;
  hint?: ReactNode;
  error?: string | null;
  wide?: boolean;
  children: (p: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean; "aria-required"?: boolean }) => ReactNode;
}) {
  const autoId = useId();
  const id = fixedId ?? autoId;
  const hintId = hint ? id + "-hint" : undefined;
  const errId = error ? id + "-err" : undefined;
  const describedBy = [errId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${wide ? " field-wide" : ""}${error ? " has-error" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="req"> (required)</span>}
      </label>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined, "aria-required": required || undefined })}
      {hint && (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && (
        <div className="field-error" id={errId} role="alert">
          <AlertTriangle size={14} aria-hidden="true" /> {error}
        </div>
      )}
    </div>
  );
}

/** An empty state; its title is a heading of the level that follows the page's (2 after the
 *  page's h1, 3 inside a section with an h2), so no level is skipped. */
export function Empty({ title, children, icon, level = 2 }: { title: string; children?: ReactNode; icon?: ReactNode; level?: 2 | 3 }) {
  const H = level === 3 ? "h3" : "h2";
  return (
    <div className="empty">
      {icon}
      <H className="empty-title">{title}</H>
      {children}
    </div>
  );
}

const SLA_LABEL: Record<string, string> = {
  on_track: "On track",
  at_risk: "At risk",
  overdue: "Overdue",
  met: "SLA met",
  missed: "SLA missed",
};

/** "3 h 20 m", "2 d 4 h": a duration in working time, as the SLA counts it. */
export function fmtDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d} d${h ? ` ${h} h` : ""}`;
  if (h) return `${h} h${m ? ` ${m} m` : ""}`;
  return m ? `${m} m` : "under a minute";
}

/** The SLA state with the time left (or how far past due), for rows and the ticket page. */
export function SlaBadge({ state, secondsLeft, paused, compact }: { state?: string | null; secondsLeft?: number | null; paused?: boolean; compact?: boolean }) {
  if (!state) return null;
  const open = state === "on_track" || state === "at_risk" || state === "overdue";
  let detail = "";
  if (open && secondsLeft !== null && secondsLeft !== undefined)
    detail = secondsLeft >= 0 ? `${fmtDuration(secondsLeft)} left` : `${fmtDuration(secondsLeft)} over`;
  if (paused) detail = detail ? `${detail} · paused` : "paused";
  const Icon = state === "overdue" || state === "missed" ? AlertTriangle : state === "met" ? CheckCircle2 : Clock;
  if (compact && (state === "met" || state === "missed")) return null;
  return (
    <span className={`sla sla-${state}`} data-testid="sla" data-sla={state} title={`SLA: ${SLA_LABEL[state] ?? state}${detail ? ` (${detail})` : ""}`}>
      <Icon size={13} aria-hidden="true" />
      <span>
        {SLA_LABEL[state] ?? state}
        {detail && <span className="sla-left"> · {detail}</span>}
      </span>
    </span>
  );
}

/** A refused form: each failing field's message (every one the server named, or that the
 *  form found empty before sending) and the message for the form as a whole. */
export type FormError = { fields: Record<string, string>; message: string } | null;

export function formError(e: unknown): FormError {
  const fields: Record<string, string> = {};
  if (e instanceof ApiError) for (const fe of e.errors) fields[fe.field] ??= humanize(fe.message);
  return { fields, message: errorText(e) };
}

/** The required fields left empty ({field: label}), as a FormError, or null when all are set. */
export function missingFields(values: Record<string, string>, labels: Record<string, string>): FormError {
  const fields: Record<string, string> = {};
  for (const [f, label] of Object.entries(labels)) if (!(values[f] ?? "").trim()) fields[f] = `${label} is required.`;
  const n = Object.keys(fields).length;
  return n ? { fields, message: n === 1 ? Object.values(fields)[0] : `${n} fields need attention.` } : null;
}

/** The form-wide message when none of the failing fields is one the form shows. */
export function generalError(err: FormError, shown: readonly string[]): string | null {
  if (!err) return null;
  return Object.keys(err.fields).some((f) => shown.includes(f)) ? null : err.message;
}
