// The B2C claim-window indicator on the create form: computed in the browser exactly as the
// server will (within when raised before the end of the delivery's local calendar day in the
// business time zone), and refreshed each minute so it turns at midnight.
import { AlertTriangle, CalendarClock, CheckCircle2 } from "lucide-react";
import { useEffect, useState } from "react";
import { BUSINESS_TZ, claimWindow, fmtDate, lateLabel, zonedInstant } from "../time";

export function PolicyWindowIndicator({ date, time }: { date: string; time: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(t);
  }, []);
  const delivery = date ? zonedInstant(date, time || "00:00") : null;
  if (!delivery)
    return (
      <div className="policy policy-empty" data-testid="policy-indicator" aria-live="polite">
        <CalendarClock size={18} aria-hidden="true" />
        <div>
          <strong>Policy window</strong>
          <span>Enter the delivery date to check the claim window.</span>
        </div>
      </div>
    );
  const w = claimWindow(delivery, now);
  if (delivery.getTime() > now.getTime() + 60_000 && w.within)
    return (
      <div className="policy policy-warn" data-testid="policy-indicator" aria-live="polite">
        <CalendarClock size={18} aria-hidden="true" />
        <div>
          <strong>Delivery is in the future</strong>
          <span>Check the date: claims are usually about a delivery that has happened.</span>
        </div>
      </div>
    );
  return w.within ? (
    <div className="policy policy-ok" data-testid="policy-indicator" aria-live="polite">
      <CheckCircle2 size={18} aria-hidden="true" />
      <div>
        <strong>Within policy window</strong>
        <span>
          Claims for this delivery are on time until midnight ({BUSINESS_TZ.replace("_", " ")}) on {fmtDate(date)}.
        </span>
      </div>
    </div>
  ) : (
    <div className="policy policy-late" data-testid="policy-indicator" aria-live="polite">
      <AlertTriangle size={18} aria-hidden="true" />
      <div>
        <strong>{lateLabel(w.daysLate)}</strong>
        <span>The ticket will still be logged and flagged; a manager decides on an exception.</span>
      </div>
    </div>
  );
}
