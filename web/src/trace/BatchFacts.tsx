import { type Batch } from "../api";
import { qty } from "../labels";
import { fmtDate } from "../time";

/** Receiving figures and grading of a batch, as a compact definition list. */
export function BatchFacts({ b }: { b: Batch }) {
  const unit = b.unit ?? "";
  const grades = Object.entries(b.grading);
  return (
    <dl className="batch-facts">
      <div>
        <dt>Product</dt>
        <dd>{b.product}</dd>
      </div>
      <div>
        <dt>Received</dt>
        <dd>
          {qty(b.received_qty)} {unit} · {fmtDate(b.received_at)}
        </dd>
      </div>
      <div>
        <dt>Damaged at receiving</dt>
        <dd className={b.damaged_qty > 0 ? "warn-text" : undefined}>
          {qty(b.damaged_qty)} {unit}
        </dd>
      </div>
      <div>
        <dt>Rejected</dt>
        <dd className={b.rejected_qty > 0 ? "warn-text" : undefined}>
          {qty(b.rejected_qty)} {unit}
        </dd>
      </div>
      {grades.length > 0 && (
        <div className="wide">
          <dt>Grading</dt>
          <dd className="grades">
            {grades.map(([g, n]) => (
              <span key={g} className="grade">
                Grade {g}: {qty(n)} {unit}
              </span>
            ))}
          </dd>
        </div>
      )}
    </dl>
  );
}
