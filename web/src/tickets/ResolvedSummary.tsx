import { CheckCircle2 } from "lucide-react";
import { type Ticket } from "../api";
import { confirmationLabel, money } from "../labels";
import { fmtDate } from "../time";

export function ResolvedSummary({ t, label }: { t: Ticket; label: string }) {
  return (
    <div className="resolution">
      <CheckCircle2 size={18} aria-hidden="true" />
      <div>
        <strong>Resolved: {label}</strong>
        {(t.resolution_amount !== null && t.resolution_amount !== undefined) || t.replacement_date || t.resolution_reference ? (
          <p className="small">
            {t.resolution_amount !== null && t.resolution_amount !== undefined ? money(t.resolution_amount) : ""}
            {t.replacement_date ? `Replacement on ${fmtDate(t.replacement_date)}` : ""}
            {t.replacement_items ? ` (${t.replacement_items})` : ""}
            {t.resolution_reference ? ` · ref. ${t.resolution_reference}` : ""}
          </p>
        ) : null}
        {t.resolution_notes && <p className="prewrap">{t.resolution_notes}</p>}
        {t.close_confirmation && <p className="small muted">Customer confirmation: {confirmationLabel(t.close_confirmation)}</p>}
      </div>
    </div>
  );
}
