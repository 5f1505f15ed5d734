// The one data layer (TanStack Query): caching, cancellation, loading and error states, and
// refetch after a change are written here once, not per effect.
//
// A query's key is its API path cut at the slashes, then its query string as an object:
// GET /api/tickets/b2c/7/timeline is ["api", "tickets", "b2c", "7", "timeline"], and
// GET /api/tickets/list?open=true is ["api", "tickets", "list", { open: "true" }].  So
// `refresh("/api/tickets/b2c/7")` refetches the ticket and everything under it (timeline,
// communications, attachments), and `refresh("/api/tickets")` every ticket list.
import { QueryClient, useQuery, type UseQueryOptions } from "@tanstack/react-query";
import { useDeferredValue } from "react";
import { ApiError, CHANGED_EVENT, get } from "./api";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // A refusal (4xx) will not change by asking again; a lost connection may.
      retry: (n, e) => n < 2 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
    },
  },
});

// A write the server accepted may change any figure or list: what was read is marked stale,
// and what is on screen is fetched again (the rest when it is next shown).
if (typeof window !== "undefined") window.addEventListener(CHANGED_EVENT, () => void queryClient.invalidateQueries());

/** The query key of an API path (see above). */
export function apiKey(path: string): unknown[] {
  const [p, q] = path.split("?", 2);
  const key: unknown[] = p!.split("/").filter(Boolean);
  if (q) key.push(Object.fromEntries(new URLSearchParams(q)));
  return key;
}

/** GET `path` through the cache (cancelled when no longer wanted); `null` or `false` waits. */
export function useApi<T>(path: string | null | false, options?: Omit<UseQueryOptions<T, Error, T, unknown[]>, "queryKey" | "queryFn">) {
  return useQuery<T, Error, T, unknown[]>({
    ...options,
    queryKey: path ? apiKey(path) : ["off"],
    queryFn: ({ signal }) => get<T>(path as string, signal),
    enabled: !!path && (options?.enabled ?? true),
  });
}

/** After a change: refetch what was read under `path` (and below it) where it is shown. */
export const refresh = (...paths: string[]) => Promise.all(paths.map((p) => queryClient.invalidateQueries({ queryKey: apiKey(p) })));

/** Puts a reply the server just sent (a ticket after an action) in the cache as `path`'s answer. */
export const store = <T>(path: string, data: T) => queryClient.setQueryData(apiKey(path), data);

/** Starts reading `path` into the cache now, for a screen about to be shown. */
export const prefetch = (path: string) => queryClient.prefetchQuery({ queryKey: apiKey(path), queryFn: ({ signal }) => get(path, signal) });

/** `value` (a query's answer), its first arrival rendered at transition priority: React renders
 *  the page it fills in slices, letting the browser in between, rather than in one long task as
 *  the answer lands (a phone's main thread is the slow part of opening a page).  Later changes
 *  show at once, so nothing on screen is ever older than what was asked for. */
export function useFirstDeferred<T>(value: T | null): T | null {
  // Deferred from null even when the answer is already cached (a prefetched ticket): the first
  // render shows the page's frame, the page itself follows in a transition.
  const deferred = useDeferredValue(value, null);
  return value === null || deferred === null ? null : value;
}
