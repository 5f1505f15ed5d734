// Business time: ticketd answers calendar questions (today, the B2C claim window) in the
// business time zone, Asia/Kolkata by default.  These helpers do the same in the browser.

export const BUSINESS_TZ = "Asia/Kolkata";
const DAY_MS = 86_400_000;

interface Parts {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function zonedParts(t: Date, tz = BUSINESS_TZ): Parts {
  let f = partsFormat.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormat.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(t)) if (x.type !== "literal") p[x.type] = Number(x.value);
  return { y: p.year, m: p.month, d: p.day, h: p.hour % 24, mi: p.minute, s: p.second };
}

/** Milliseconds the zone is ahead of UTC at instant t. */
function offsetMs(t: Date, tz = BUSINESS_TZ): number {
  const p = zonedParts(t, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(t.getTime() / 1000) * 1000;
}

/** The local calendar day of t in the zone, as days since 1970-01-01. */
export function localDay(t: Date, tz = BUSINESS_TZ): number {
  const p = zonedParts(t, tz);
  return Math.round(Date.UTC(p.y, p.m - 1, p.d) / DAY_MS);
}

/** "YYYY-MM-DD" of t in the zone. */
export function localDate(t: Date, tz = BUSINESS_TZ): string {
  const p = zonedParts(t, tz);
  return `${p.y}-${String(p.m).padStart(2, "0")}-${String(p.d).padStart(2, "0")}`;
}

/** "HH:MM" of t in the zone. */
export function localTime(t: Date, tz = BUSINESS_TZ): string {
  const p = zonedParts(t, tz);
  return `${String(p.h).padStart(2, "0")}:${String(p.mi).padStart(2, "0")}`;
}

/** The instant of a wall-clock date ("YYYY-MM-DD") and time ("HH:MM") in the zone. */
export function zonedInstant(date: string, time: string, tz = BUSINESS_TZ): Date | null {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^(\d{2}):(\d{2})$/.exec(time || "00:00");
  if (!dm || !tm) return null;
  const wall = Date.UTC(+dm[1], +dm[2] - 1, +dm[3], +tm[1], +tm[2]);
  let t = wall - offsetMs(new Date(wall), tz);
  t = wall - offsetMs(new Date(t), tz); // once more, for a zone with DST
  return new Date(t);
}

/** ISO 8601 with the zone's offset, e.g. 2026-11-22T07:30:00+05:30 (what the API accepts). */
export function isoInZone(t: Date, tz = BUSINESS_TZ): string {
  const off = Math.round(offsetMs(t, tz) / 60000);
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off);
  const hh = String(Math.floor(a / 60)).padStart(2, "0");
  const mm = String(a % 60).padStart(2, "0");
  const p = zonedParts(t, tz);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.y}-${two(p.m)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}:${two(p.s)}${sign}${hh}:${mm}`;
}

/** The B2C claim window, as the server computes it: within policy when the claim is raised
 *  before the end of the local calendar day of the delivery; else days late = local creation
 *  date minus local delivery date. */
export function claimWindow(delivery: Date, created: Date, tz = BUSINESS_TZ): { within: boolean; daysLate: number } {
  const dd = localDay(delivery, tz);
  const cd = localDay(created, tz);
  return cd <= dd ? { within: true, daysLate: 0 } : { within: false, daysLate: cd - dd };
}

export function lateLabel(daysLate: number): string {
  return `Outside policy window (${daysLate} ${daysLate === 1 ? "day" : "days"} late)`;
}

const dateTimeFmt = new Intl.DateTimeFormat("en-IN", {
  timeZone: BUSINESS_TZ,
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
});
const dateFmt = new Intl.DateTimeFormat("en-IN", { timeZone: BUSINESS_TZ, day: "numeric", month: "short", year: "numeric" });
const plainDateFmt = new Intl.DateTimeFormat("en-IN", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", year: "numeric" });

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const t = new Date(iso);
  return isNaN(t.getTime()) ? iso : dateTimeFmt.format(t);
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return plainDateFmt.format(new Date(iso + "T00:00:00Z"));
  const t = new Date(iso);
  return isNaN(t.getTime()) ? iso : dateFmt.format(t);
}

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function fmtAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "";
  const t = new Date(iso).getTime();
  if (isNaN(t)) return "";
  const s = Math.round((t - now) / 1000);
  const a = Math.abs(s);
  if (a < 45) return "just now";
  if (a < 3600) return rtf.format(Math.round(s / 60), "minute");
  if (a < 86400) return rtf.format(Math.round(s / 3600), "hour");
  if (a < 86400 * 30) return rtf.format(Math.round(s / 86400), "day");
  return fmtDate(iso);
}

export function greeting(now = new Date()): string {
  const h = zonedParts(now).h;
  return h < 12 ? "Good morning" : h < 17 ? "Good afternoon" : "Good evening";
}
