// On a ticket: the batch it is about, with its farm and a link to the batch page.
import { Search, Sprout, Wheat } from "lucide-react";
import { Link } from "react-router";
import type { Ticket } from "../api";
import { batchPath, farmPath } from "./paths";
import { BatchFacts } from "./BatchFacts";

/** The complaint's batch: what it is, where it came from, and the way into the investigation. */
export function BatchCard({ t }: { t: Ticket }) {
  if (!t.batch_number) return null;
  const b = t.batch;
  return (
    <section className="card c-batch" aria-labelledby="batch-h" data-testid="batch-card">
      <div className="card-head">
        <h2 id="batch-h">
          <Wheat size={18} aria-hidden="true" /> Batch {t.batch_number}
        </h2>
        {b && (
          <Link to={farmPath(b.farm_id)} className="link">
            <Sprout size={14} aria-hidden="true" /> {b.farm_name}
          </Link>
        )}
      </div>
      {b ? (
        <>
          <BatchFacts b={b} />
          <div className="btn-row">
            <Link to={batchPath(b.batch_number)} className="btn btn-primary" data-testid="investigate">
              <Search size={16} aria-hidden="true" /> Investigate batch
            </Link>
            <Link to={farmPath(b.farm_id)} className="btn">
              <Sprout size={16} aria-hidden="true" /> Farm record
            </Link>
          </div>
        </>
      ) : (
        <p className="muted">No batch {t.batch_number} is on file, so there is nothing to trace it to. Check the number on the packing slip.</p>
      )}
    </section>
  );
}
