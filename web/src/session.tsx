// Who is signed in, the catalog, the staff list, and which ticket kinds this user may see:
// loaded once after sign-in and shared by every page.
import { createContext, startTransition, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { ApiError, KINDS, UNAUTHORIZED_EVENT, get, post, type Catalog, type Kind, type User } from "./api";
import { setRootCauses } from "./labels";

export interface Session {
  me: User;
  catalog: Catalog;
  users: User[];
  /** The kinds whose list this user may read, in catalog order. */
  kinds: Kind[];
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Sets the browser tab's title for a page. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · ticketd` : "ticketd · Fresh produce support";
  }, [title]);
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a signed-in page");
  return s;
}

type State =
  | { phase: "loading" }
  | { phase: "signed-out"; notice?: string }
  | { phase: "error"; message: string }
  | { phase: "ready"; me: User; catalog: Catalog; users: User[]; kinds: Kind[] };

/** Who is signed in, the catalog and the staff list, asked for at once (not one after the
 *  other: on a phone each round trip costs the better part of a second). */
function ask(known: User | null) {
  const meP = known?.kinds ? Promise.resolve(known) : get<User>("/api/me");
  const restP = Promise.all([get<Catalog>("/api/catalog"), get<{ items: User[] }>("/api/users")]);
  meP.catch(() => {}); // answered by loadSession, once it runs
  restP.catch(() => {}); // signed out: /api/me says so, in loadSession
  return { meP, restP };
}

async function loadSession(known: User | null): Promise<State> {
  const { meP, restP } = ask(known);
  const me = await meP;
  const [catalog, users] = await restP;
  setRootCauses(catalog.root_causes);
  return {
    phase: "ready",
    me,
    catalog,
    users: users.items.filter((u) => u.active !== false),
    // The server says which kinds this user reads (GET /api/me): no list is probed.
    kinds: KINDS.filter((k) => !!me.kinds?.[k]),
  };
}

export function SessionProvider({
  signedOut,
  children,
}: {
  signedOut: (notice: string | undefined, onSignedIn: (u: User) => void) => ReactNode;
  children: ReactNode;
}) {
  const [state, setState] = useState<State>({ phase: "loading" });
  const navigate = useNavigate();

  const start = useCallback(async (me: User | null) => {
    try {
      // The sign-in answer names the user; /api/me adds the kinds they read.
      const ready = await loadSession(me);
      startTransition(() => setState(ready));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setState({ phase: "signed-out" });
      else setState({ phase: "error", message: e instanceof Error ? e.message : String(e) });
    }
  }, []);

  useEffect(() => {
    void start(null);
    const onUnauthorized = () => setState((s) => (s.phase === "ready" ? { phase: "signed-out", notice: "Your session ended. Please sign in again." } : s));
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, [start]);

  const signOut = useCallback(async () => {
    try {
      await post("/api/auth/logout");
    } finally {
      setState({ phase: "signed-out", notice: "You are signed out." });
      navigate("/");
    }
  }, [navigate]);

  if (state.phase === "loading")
    return (
      <div className="boot" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" /> Loading…
      </div>
    );
  if (state.phase === "error")
    return (
      <div className="boot" role="alert">
        <p>{state.message}</p>
        <button className="btn" onClick={() => void start(null)}>
          Try again
        </button>
      </div>
    );
  if (state.phase === "signed-out") return <>{signedOut(state.notice, (u) => void start(u))}</>;
  const { me, catalog, users, kinds } = state;
  return <SessionContext.Provider value={{ me, catalog, users, kinds, signOut }}>{children}</SessionContext.Provider>;
}
