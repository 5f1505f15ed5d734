// The home page's quick lists: my tickets, recent and resolved ones, as tabs.
import { ArrowRight } from "lucide-react";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useApi } from "../query";
import { query, type TicketPage } from "../api";
import { Banner, Spinner, errorText } from "../components/ui";
import { useSession } from "../session";
import { MiniList } from "./MiniList";

export const QUICK = [
  { key: "mine", label: "My tickets", params: { created_by: "me", sort: "updated_at" }, empty: "You have not reported any tickets." },
  { key: "recent", label: "Recent", params: { sort: "updated_at" }, empty: "No tickets yet." },
  { key: "resolved", label: "Resolved", params: { status: "resolved", sort: "updated_at" }, empty: "Nothing resolved and waiting to close." },
] as const;

/** My tickets (created by me), recent and resolved ones, across the kinds this user sees. */
export function QuickLists({ onReady }: { onReady: () => void }) {
  const { kinds } = useSession();
  const [tab, setTab] = useState<(typeof QUICK)[number]["key"]>("mine");
  const q = QUICK.find((x) => x.key === tab)!;
  const listQ = useApi<TicketPage>("/api/tickets/list" + query({ ...q.params, limit: 8 }));
  const items = listQ.data?.items ?? null;
  const error = listQ.error ? errorText(listQ.error) : null;
  const settled = !listQ.isPending;
  useEffect(() => {
    if (settled) onReady();
  }, [settled, onReady]);
  const first = kinds[0];
  return (
    <section className="card quick-lists" aria-labelledby="ql-h" data-testid="quick-lists">
      <div className="card-head">
        <h2 id="ql-h">Tickets</h2>
        <div className="segmented" role="radiogroup" aria-label="Which tickets">
          {QUICK.map((x) => (
            <label key={x.key} className={tab === x.key ? "on" : undefined}>
              <input type="radio" name="quick" checked={tab === x.key} onChange={() => setTab(x.key)} />
              {x.label}
            </label>
          ))}
        </div>
      </div>
      {error ? <Banner>{error}</Banner> : !items ? <Spinner /> : items.length === 0 ? <p className="muted">{q.empty}</p> : <MiniList tickets={items} />}
      {first && (
        <Link to={`/tickets${query(q.params)}`} className="link-more">
          Open as a list <ArrowRight size={14} aria-hidden="true" />
        </Link>
      )}
    </section>
  );
}
