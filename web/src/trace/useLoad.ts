import { errorText } from "../components/ui";
import { refresh, store, useApi } from "../query";

/** A page's data through the cache (query.ts); `setData` puts what a save answered in it. */
export function useLoad<T>(path: string | null) {
  const q = useApi<T>(path);
  return {
    data: q.data ?? null,
    setData: (d: T) => path && store(path, d),
    error: q.error ? errorText(q.error) : null,
    reload: () => path && refresh(path),
  };
}
