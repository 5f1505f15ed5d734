// The portal's frame: who is signed in (GET /api/portal/me), the sign-in screen when nobody
// is, and the pages.  The link and rate pages work without a session (their token is theirs).
import { useQueryClient } from "@tanstack/react-query";
import { Leaf, LogOut, PackageOpen, ListChecks } from "lucide-react";
import { Suspense, lazy, useEffect, useState, type ReactNode } from "react";
import { NavLink, Route, Routes, useLocation } from "react-router";
import { useApi } from "../query";
import { ApiError, post, type Me } from "./api";
import { SignIn } from "./SignIn";
import { Spinner, errorText, Banner } from "./ui";
import { UNAUTHORIZED_EVENT } from "../api";

const Deliveries = lazy(() => import("./Deliveries"));
const NewClaim = lazy(() => import("./NewClaim"));
const MyTickets = lazy(() => import("./MyTickets"));
const TicketPage = lazy(() => import("./TicketPage"));
const LinkSignIn = lazy(() => import("./LinkSignIn"));
const Rate = lazy(() => import("./Rate"));

function Frame({ me, children }: { me: Me | null; children: ReactNode }) {
  const qc = useQueryClient();
  const signOut = async () => {
    await post("/api/portal/auth/logout").catch(() => {});
    qc.clear();
    window.location.assign("/portal/");
  };
  return (
    <>
      <a className="p-skip" href="#p-main">
        Skip to content
      </a>
      <header className="p-header">
        <div className="p-brand">
          <Leaf className="p-logo" size={26} aria-hidden="true" />
          <span>
            <strong>Customer care</strong>
            {me && <span className="p-who">{me.contact ? `${me.name} · ${me.customer_name}` : me.customer_name}</span>}
          </span>
        </div>
        {me && (
          <button type="button" className="p-icon-btn" onClick={signOut} aria-label="Sign out">
            <LogOut size={20} aria-hidden="true" />
          </button>
        )}
      </header>
      {me && (
        <nav className="p-tabs" aria-label="Portal">
          <NavLink to="/" end>
            <PackageOpen size={18} aria-hidden="true" /> Deliveries
          </NavLink>
          <NavLink to="/tickets">
            <ListChecks size={18} aria-hidden="true" /> My requests
          </NavLink>
        </nav>
      )}
      <main id="p-main" className="p-main" tabIndex={-1}>
        <Suspense fallback={<Spinner />}>{children}</Suspense>
      </main>
    </>
  );
}

export function PortalApp() {
  const loc = useLocation();
  const meQ = useApi<Me>("/api/portal/me", { retry: false, staleTime: 60_000 });
  const qc = useQueryClient();
  // Signed out once, the sign-in stays on screen while "me" is asked again (after any write
  // the data layer refetches what is shown, and a query without data is pending then): the
  // code form must not lose what was typed.
  const [signedOut, setSignedOut] = useState(false);
  const unauthorized = meQ.error instanceof ApiError && meQ.error.status === 401;
  useEffect(() => {
    if (meQ.data) setSignedOut(false);
    else if (unauthorized) setSignedOut(true);
  }, [meQ.data, unauthorized]);
  useEffect(() => {
    // A session that ended while signed in: ask again (the sign-in shows); signed out, a 401
    // is expected and asks nothing.
    const gone = () => {
      if (qc.getQueryData(["api", "portal", "me"])) void qc.invalidateQueries({ queryKey: ["api", "portal", "me"] });
    };
    window.addEventListener(UNAUTHORIZED_EVENT, gone);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, gone);
  }, [qc]);
  // Braces: scrollTo returns a promise in current Chromium, and an effect may return only
  // its cleanup.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [loc.pathname]);

  // Pages that carry their own token work signed out.
  if (loc.pathname === "/link")
    return (
      <Frame me={null}>
        <LinkSignIn />
      </Frame>
    );
  if (loc.pathname === "/rate")
    return (
      <Frame me={meQ.data ?? null}>
        <Rate />
      </Frame>
    );
  const me = meQ.data;
  if (!me && (signedOut || unauthorized))
    return (
      <Frame me={null}>
        <SignIn onSignedIn={(m) => qc.setQueryData(["api", "portal", "me"], m)} />
      </Frame>
    );
  if (!me) return <Frame me={null}>{meQ.error ? <Banner>{errorText(meQ.error)}</Banner> : <Spinner />}</Frame>;
  return (
    <Frame me={me}>
      <Routes>
        <Route path="/" element={<Deliveries me={me} />} />
        <Route path="/claim/:so" element={<NewClaim me={me} />} />
        <Route path="/tickets" element={<MyTickets />} />
        <Route path="/tickets/:number" element={<TicketPage />} />
        <Route path="*" element={<Deliveries me={me} />} />
      </Routes>
    </Frame>
  );
}
