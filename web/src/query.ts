// The one data layer (TanStack Query): caching, cancellation, loading and error states, and
// refetch after a change are written here once, not per effect.  Screens move onto it one by
// one (the approvals inbox first); query keys start with the API path they read.
import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api";

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
