// What the ticket's resolution posted to Zoho Books or WooCommerce: each document with its
// state (pending, posted with the remote number and a link, failed with the remote's
// message), and a Retry for managers on a failed one.
import { ExternalLink, RefreshCw, Send } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { get, post, ticketPath, type Kind, type Ticket } from "../api";
import { Banner, errorText } from "../components/ui";
import type { Schema } from "../schema";
import { useSession } from "../session";
import { fmtDateTime } from "../time";

type Posting = Schema<"Posting">;

const KIND_LABEL: Record<string, string> = {
  credit_note: "Zoho Books credit note",
  sales_order: "Zoho Books sales order",
  refund: "WooCommerce refund",
  coupon: "WooCommerce coupon",
  order: "WooCommerce replacement order",
};

export function Postings({ kind, ticket }: { kind: Kind; ticket: Ticket }) {
  const { me } = useSession();
  const [items, setItems] = useState<Posting[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const load = useCallback(() => {
    get<{ items: Posting[] }>(ticketPath(kind, ticket.ticket_id, "postings")).then(
      (r) => setItems(r.items),
      (e) => setError(errorText(e)),
    );
  }, [kind, ticket.ticket_id]);
  useEffect(load, [load, ticket.status, ticket.updated_at]);
  if (!items || items.length === 0) return null;
  const manager = me.role === "manager" || me.role === "admin";

  async function retry(p: Posting) {
    setBusy(p.id);
    setError(null);
    try {
      await post<Posting>(`/api/postings/${p.id}/retry`);
      load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card" aria-labelledby="postings-h" data-testid="postings">
      <h2 id="postings-h">
        <Send size={18} aria-hidden="true" /> Posted to the books
      </h2>
      {error && <Banner onClose={() => setError(null)}>{error}</Banner>}
      <div className="stack">
        {items.map((p) => (
          <div key={p.id} data-testid="posting" data-state={p.state}>
            <strong>{KIND_LABEL[p.kind] ?? p.kind}</strong>{" "}
            <span className={`badge status-${p.state === "posted" ? "resolved" : p.state === "failed" ? "awaiting_customer" : "in_progress"}`}>{p.state}</span>
            {p.state === "posted" && (
              <p className="small">
                {p.remote_number}
                {p.link && (
                  <>
                    {" · "}
                    <a href={p.link} target="_blank" rel="noreferrer noopener">
                      Open <ExternalLink size={12} aria-hidden="true" />
                    </a>
                  </>
                )}
                {p.posted_at ? ` · ${fmtDateTime(p.posted_at)}` : ""}
              </p>
            )}
            {p.state === "pending" && (
              <p className="small muted">
                {p.last_error
                  ? `Waiting to try again${p.next_attempt_at ? " at " + fmtDateTime(p.next_attempt_at) : ""}: ${p.last_error}`
                  : "Waiting to be sent."}
              </p>
            )}
            {p.state === "failed" && (
              <>
                <p className="small" role="note">
                  {p.last_error}
                </p>
                {manager && (
                  <button type="button" className="btn btn-sm" onClick={() => void retry(p)} disabled={busy === p.id}>
                    <RefreshCw size={14} aria-hidden="true" /> Retry
                  </button>
                )}
              </>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
