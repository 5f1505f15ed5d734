// The portal's small pieces: fields with their error, banners, a spinner, the star rating.
import { AlertTriangle, CheckCircle2, Info, Star } from "lucide-react";
import { useEffect, useId, type ReactNode } from "react";
import { ApiError } from "./api";

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message.charAt(0).toUpperCase() + e.message.slice(1);
  if (e instanceof Error) return e.message;
  return String(e);
}

export function Banner({ kind = "error", children }: { kind?: "error" | "info" | "success"; children: ReactNode }) {
  const Icon = kind === "error" ? AlertTriangle : kind === "success" ? CheckCircle2 : Info;
  return (
    <div className={`p-banner p-banner-${kind}`} role={kind === "error" ? "alert" : "status"}>
      <Icon size={20} aria-hidden="true" />
      <div>{children}</div>
    </div>
  );
}

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="p-loading" role="status" aria-live="polite">
      <span className="p-spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** A labelled control; `error` is shown under it and tied to it for screen readers. */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: string | null;
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean }) => ReactNode;
}) {
  const id = useId();
  const described = [hint ? id + "-hint" : "", error ? id + "-err" : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="p-field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="p-hint" id={id + "-hint"}>
          {hint}
        </p>
      )}
      {children({ id, "aria-describedby": described, "aria-invalid": error ? true : undefined })}
      {error && (
        <p className="p-error" id={id + "-err"}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The field a failed request names, for showing its message beside that field. */
export function fieldError(e: unknown, field: string): string | null {
  return e instanceof ApiError && e.field === field ? errorText(e) : null;
}

/** Five stars as radio buttons (keyboard and screen readers work as for any radio group). */
export function Stars({ value, onChange, name }: { value: number; onChange: (n: number) => void; name: string }) {
  const words = ["", "Very poor", "Poor", "Okay", "Good", "Excellent"];
  return (
    <fieldset className="p-stars">
      <legend>Your rating</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n} className={n <= value ? "on" : ""} title={words[n]}>
          <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} />
          <Star size={34} aria-hidden="true" fill={n <= value ? "currentColor" : "none"} />
          <span className="p-sr">
            {n} of 5, {words[n]}
          </span>
        </label>
      ))}
      <p className="p-hint" aria-live="polite">
        {value ? `${value} of 5: ${words[value]}` : "Tap a star"}
      </p>
    </fieldset>
  );
}

export function when(iso: string | null | undefined): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat("en-IN", { timeZone: "Asia/Kolkata", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).format(
    new Date(iso),
  );
}

export function day(date: string | null | undefined): string {
  if (!date) return "";
  return new Intl.DateTimeFormat("en-IN", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }).format(new Date(date + "T00:00:00Z"));
}

/** Sets the browser tab's title for a page. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Customer care`;
  }, [title]);
}
