// A list of tickets, of one kind (/tickets/b2c) or across the kinds the user reads (/tickets,
// GET /api/tickets/list, narrowed by ?kind=): filters, sort and search kept in the URL (so a
// view can be shared, and the home page's figures open the list they count), cursor
// pagination with "Load more".  Rows become cards on narrow screens.
import { Filter, Inbox, Plus, Search, X } from "lucide-react";
import { Fragment, useEffect, useMemo, useState, type FormEvent } from "react";
import { useQueries } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { get, query, type Customer, type Kind, type TicketPage, type TicketRow } from "../api";
import { CustomerPicker } from "../components/CustomerPicker";
import { Banner, Empty, Spinner, errorText } from "../components/ui";
import { KIND_NOUN, KIND_SHORT, KIND_WORD, roleLabel } from "../labels";
import { apiKey, store, useApi, useFirstDeferred } from "../query";
import { useSession, useTitle } from "../session";
import { fmtDate } from "../time";
import { LIST_TOOLS } from "./listTools";
import { Row } from "./Row";
import { FILTER_KEYS, SORTS, PREFER_B2B, PREFER_B2C, firstPagePath, listFilters, listPath } from "./listFilters";

export function TicketList({ kind: route }: { kind: Kind | null }) {
  const { catalog, users, me, kinds } = useSession();
  const [params, setParams] = useSearchParams();
  // Across kinds, ?kind= narrows the list; the filters of one kind appear when it names one.
  const picked = params.get("kind") as Kind | null;
  const kind: Kind | null = route ?? (picked && kinds.includes(picked) ? picked : null);
  const kc = kind ? catalog.kinds[kind] : null;
  const shown = route ? [route] : kind ? [kind] : kinds;
  const statuses = [...new Map(shown.flatMap((k) => catalog.kinds[k].statuses).map((s) => [s.code, s])).values()];
  const heading = kind ? KIND_SHORT[kind] + " tickets" : "All tickets";
  useTitle(heading);
  const [more, setMore] = useState(false);
  const [shownError, setError] = useState<string | null>(null);
  const [showFilters, setShowFilters] = useState(false);

  const filters = useMemo(() => listFilters(params), [params]);
  const filterKey = JSON.stringify(filters);
  const [qText, setQText] = useState(filters.q ?? "");
  useEffect(() => setQText(filters.q ?? ""), [filters.q]);

  // Sorted by SLA due time, the server lists running clocks only; the tickets without one
  // (resolved, closed, paused) follow them here, newest first, from the same filters
  // unsorted with the rows already shown left out.  `rest` is how they are paged.
  const slaSort = filters.sort === "sla_due_at";
  const unsorted = useMemo(() => {
    const f = { ...filters };
    delete f.sort;
    delete f.order;
    return f;
  }, [filters]);

  // The first page (and, sorted by SLA, the count of all) through the query cache: opening a
  // list again shows it at once and refreshes it; a change to a ticket refetches it.
  const firstPath = firstPagePath(route, filters);
  const firstQ = useApi<TicketPage>(firstPath);
  const allQ = useApi<TicketPage>(slaSort && listPath(route) + query({ ...unsorted, limit: 1 }));
  // The rows render at transition priority (in slices, the browser let in between), not in
  // one long task as the answer arrives.
  const first = useFirstDeferred(firstQ.data ?? null);
  // "Load more" adds pages to the first; they belong to that first page and go with it.
  const [extra, setExtra] = useState<{ first: TicketPage; page: TicketPage; items: TicketRow[]; restCursor: string | null; restDone: boolean } | null>(null);
  const ext = extra && extra.first === first ? extra : null;
  const loading = (!first && !firstQ.error) || (slaSort && allQ.isPending);
  const loadError = firstQ.error ?? allQ.error;
  const error = shownError ?? (loadError ? errorText(loadError) : null);
  const page = loadError ? null : (ext?.page ?? first);
  const items = useMemo(() => (loadError || !first ? [] : ext ? [...first.items, ...ext.items] : first.items), [loadError, first, ext]);
  const rest =
    slaSort && first && allQ.data
      ? { total: allQ.data.total, cursor: ext?.restCursor ?? null, done: ext ? ext.restDone : allQ.data.total <= first.total }
      : null;
  useEffect(() => setError(null), [filterKey]);

  // B2B rows carry only the customer's id: each name is looked up once (kept in the cache).
  const customerIds = useMemo(() => [...new Set(items.map((t) => t.customer_id).filter((x): x is string => !!x))], [items]);
  const customerPath = (id: string) => "/api/customers/" + encodeURIComponent(id);
  const looked = useQueries({
    queries: customerIds.map((id) => ({
      queryKey: apiKey(customerPath(id)),
      queryFn: ({ signal }: { signal: AbortSignal }) => get<Customer>(customerPath(id), signal),
      staleTime: Infinity,
    })),
  });
  const customers: Record<string, Customer> = {};
  for (const q of looked) if (q.data) customers[q.data.customer_id] = q.data;
  const filterQ = useApi<Customer>(filters.customer_id && customerPath(filters.customer_id), { staleTime: Infinity });
  const filterCustomer: Customer | null = filters.customer_id
    ? (filterQ.data ?? { customer_id: filters.customer_id, name: filters.customer_id, type: "", phone: null, email: null })
    : null;

  function set(key: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: false });
  }

  async function loadMore() {
    if (!page || !first) return;
    setMore(true);
    const base = ext ?? { first, page, items: [], restCursor: null, restDone: rest?.done ?? true };
    try {
      if (page.next_cursor) {
        const r = await get<TicketPage>(listPath(route) + query({ ...filters, limit: 25, cursor: page.next_cursor }));
        setExtra({ ...base, page: r, items: [...base.items, ...r.items] });
      } else if (rest && !rest.done) {
        // Pages of the unsorted list until one holds a ticket not shown yet.
        const seen = new Set(items.map((t) => `${t.kind}:${t.ticket_id}`));
        let cursor = rest.cursor;
        let added: TicketRow[] = [];
        do {
          const r: TicketPage = await get<TicketPage>(listPath(route) + query({ ...unsorted, limit: 50, cursor: cursor ?? undefined }));
          added = r.items.filter((t) => !t.sla_due_at && !seen.has(`${t.kind}:${t.ticket_id}`));
          cursor = r.next_cursor;
        } while (added.length === 0 && cursor);
        setExtra({ ...base, items: [...base.items, ...added], restCursor: cursor, restDone: !cursor });
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setMore(false);
    }
  }

  // The running clocks fit one page: go on to the tickets without one at once.
  useEffect(() => {
    if (!loading && !more && page && !page.next_cursor && rest && !rest.done && items.length < 25) void loadMore();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loading, more, page, rest, items.length]);

  function search(e: FormEvent) {
    e.preventDefault();
    set("q", qText.trim() || null);
  }

  const sortValue = `${filters.sort ?? "created_at"}:${filters.order ?? "desc"}`;
  const activeCount = FILTER_KEYS.filter((k) => k !== "q" && k !== "sort" && k !== "order" && filters[k]).length;
  const createdFrom = filters.created_from ? fmtDate(filters.created_from) : null;
  const staff = users.filter((u) => u.role !== "reporter");

  return (
    <div className="list-page">
      <div className="page-head">
        <div>
          <p className="eyebrow">{heading}</p>
          <h1>{kind ? KIND_NOUN[kind] : `Tickets across ${shown.map((k) => (k === "internal" ? "internal" : KIND_SHORT[k])).join(", ")}`}</h1>
        </div>
        {kind && (
          <Link to={`/tickets/${kind}/new`} className="btn btn-primary">
            <Plus size={18} aria-hidden="true" /> New {KIND_WORD[kind]} ticket
          </Link>
        )}
      </div>

      <div className="toolbar">
        <form className="searchbox" role="search" onSubmit={search}>
          <label htmlFor="q" className="sr-only">
            Search {kind ? KIND_SHORT[kind] + " tickets" : "tickets"}
          </label>
          <Search size={18} aria-hidden="true" />
          <input
            id="q"
            type="search"
            placeholder={kind === "internal" ? "Search number, title, description" : "Search number, customer, order, words"}
            aria-describedby="q-hint"
            value={qText}
            onChange={(e) => setQText(e.target.value)}
          />
          <button type="submit" className="btn btn-sm">
            Search
          </button>
          <span id="q-hint" className="sr-only">
            Whole words are found, plurals too. To find every word that starts with some letters, end them with a star: toma* finds tomato and tomatoes.
          </span>
        </form>
        <div className="toolbar-right">
          <label className="sort">
            <span className="sr-only">Sort</span>
            <select
              aria-label="Sort"
              value={sortValue}
              onChange={(e) => {
                const [s, o] = e.target.value.split(":");
                const next = new URLSearchParams(params);
                if (s === "created_at" && o === "desc") {
                  next.delete("sort");
                  next.delete("order");
                } else {
                  next.set("sort", s);
                  next.set("order", o);
                }
                setParams(next);
              }}
            >
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn filters-toggle" aria-expanded={showFilters} aria-controls="filters" onClick={() => setShowFilters((v) => !v)}>
            <Filter size={16} aria-hidden="true" /> Filters{activeCount ? ` (${activeCount})` : ""}
          </button>
          {LIST_TOOLS.map((t) => (
            <Fragment key={t.key}>{t.render({ kind, filters, apiPath: listPath(route) })}</Fragment>
          ))}
        </div>
      </div>

      <div id="filters" className={`filters${showFilters ? " open" : ""}`} role="group" aria-label="Filters">
        {!route && (
          <label className="filter">
            <span>Kind</span>
            <select aria-label="Kind" value={kind ?? ""} onChange={(e) => set("kind", e.target.value)}>
              <option value="">All kinds</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {KIND_SHORT[k]}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="filter">
          <span>Open or not</span>
          <select aria-label="Open or not" value={filters.open ?? ""} onChange={(e) => set("open", e.target.value)}>
            <option value="">Any state</option>
            <option value="true">Open (not resolved or closed)</option>
          </select>
        </label>
        <label className="filter">
          <span>Status</span>
          <select value={filters.status ?? ""} onChange={(e) => set("status", e.target.value)}>
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option key={s.code} value={s.code}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        {kc && (
          <label className="filter">
            <span>Priority</span>
            <select value={filters.priority ?? ""} onChange={(e) => set("priority", e.target.value)}>
              <option value="">Any priority</option>
              {kc.priorities.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {kc && (
          <label className="filter">
            <span>Category</span>
            <select value={filters.category ?? ""} onChange={(e) => set("category", e.target.value)}>
              <option value="">Any category</option>
              {kc.category_groups.map((g) =>
                g.categories.length === 1 && g.categories[0].label === g.label ? (
                  <option key={g.code} value={g.categories[0].code}>
                    {g.label}
                  </option>
                ) : (
                  <optgroup key={g.code} label={g.label}>
                    {g.categories.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.label}
                      </option>
                    ))}
                  </optgroup>
                ),
              )}
            </select>
          </label>
        )}
        <label className="filter">
          <span>Assignee</span>
          <select value={filters.assigned_to ?? ""} onChange={(e) => set("assigned_to", e.target.value)}>
            <option value="">Anyone</option>
            <option value="me">Me ({me.name})</option>
            <option value="none">Unassigned</option>
            {staff
              .filter((u) => u.user_id !== me.user_id)
              .map((u) => (
                <option key={u.user_id} value={String(u.user_id)}>
                  {u.name} · {roleLabel(u.role)}
                </option>
              ))}
          </select>
        </label>
        {kind !== "internal" && shown.some((k) => k !== "internal") && (
          <div className="filter filter-customer">
            <label htmlFor="filter-customer">Customer</label>
            <CustomerPicker
              id="filter-customer"
              value={filterCustomer}
              prefer={kind === "b2b" ? PREFER_B2B : kind === "b2c" ? PREFER_B2C : [...PREFER_B2B, ...PREFER_B2C]}
              placeholder="Any customer"
              onChange={(c) => {
                if (c) store(customerPath(c.customer_id), c);
                set("customer_id", c?.customer_id ?? null);
              }}
            />
          </div>
        )}
        {kind === "b2c" && (
          <label className="filter">
            <span>Policy window</span>
            <select value={filters.within_policy_window ?? ""} onChange={(e) => set("within_policy_window", e.target.value)}>
              <option value="">Any</option>
              <option value="true">Within window</option>
              <option value="false">Outside window (late)</option>
            </select>
          </label>
        )}
        <label className="filter">
          <span>SLA</span>
          <select aria-label="SLA" value={filters.overdue ?? ""} onChange={(e) => set("overdue", e.target.value)}>
            <option value="">Any</option>
            <option value="true">Overdue</option>
            <option value="false">Not overdue</option>
          </select>
        </label>
        {createdFrom && (
          <span className="filter filter-chip" data-testid="created-from">
            Created since {createdFrom}
            <button type="button" className="btn btn-ghost btn-sm" aria-label="Any creation date" onClick={() => set("created_from", null)}>
              <X size={14} aria-hidden="true" />
            </button>
          </span>
        )}
        {(activeCount > 0 || filters.q) && (
          <button
            type="button"
            className="btn btn-ghost btn-sm clear"
            onClick={() => {
              const next = new URLSearchParams();
              if (filters.sort) next.set("sort", filters.sort);
              if (filters.order) next.set("order", filters.order);
              setParams(next);
            }}
          >
            <X size={14} aria-hidden="true" /> Clear filters
          </button>
        )}
      </div>

      {error && <Banner>{error}</Banner>}
      <div className="list-meta" aria-live="polite">
        {!loading && page && (
          <span data-testid="list-total">
            {rest?.total ?? page.total} {(rest?.total ?? page.total) === 1 ? "ticket" : "tickets"}
            {filters.q ? ` matching “${filters.q}”` : ""}
            {rest && rest.total > page.total ? `: ${page.total} by SLA due time, then ${rest.total - page.total} with no running clock` : ""}
          </span>
        )}
      </div>

      {loading ? (
        <Spinner label="Loading tickets…" />
      ) : items.length === 0 && !error ? (
        <Empty title="No tickets here" icon={<Inbox size={36} aria-hidden="true" />}>
          <p className="muted">
            {activeCount || filters.q ? "Nothing matches these filters. Try clearing some." : "When a ticket is logged it will show up here."}
          </p>
        </Empty>
      ) : (
        <div className="tlist" role="table" aria-label={heading}>
          <div className="trow thead" role="row">
            <span role="columnheader">Ticket</span>
            <span role="columnheader">Status</span>
            <span role="columnheader">Priority</span>
            <span role="columnheader">Assignee</span>
            <span role="columnheader">Updated</span>
          </div>
          {items.map((t, i) => (
            <Fragment key={`${t.kind}:${t.ticket_id}`}>
              {slaSort && !t.sla_due_at && (i === 0 || !!items[i - 1].sla_due_at) && (
                <div className="trow tdivider" role="row" data-testid="no-clock">
                  <span role="cell">No running clock (resolved, closed, or paused while waiting on the customer): listed last, newest first</span>
                </div>
              )}
              <Row t={t} customer={t.customer_id ? customers[t.customer_id] : undefined} />
            </Fragment>
          ))}
        </div>
      )}

      {!loading && page && (page.next_cursor || (rest && !rest.done)) && (
        <div className="load-more">
          <button type="button" className="btn" onClick={() => void loadMore()} disabled={more}>
            {more ? "Loading…" : `Load more (${items.length} of ${rest?.total ?? page.total})`}
          </button>
        </div>
      )}
    </div>
  );
}
