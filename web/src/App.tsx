import { Suspense, lazy, useEffect, type ComponentType, type ReactNode } from "react";
import { Link, Navigate, Route, Routes, useLocation, useParams } from "react-router";
import { KINDS, ticketPath, type Kind } from "./api";
import { firstPagePath, listFilters } from "./lists/listFilters";
import { prefetch } from "./query";
import { Layout } from "./components/Layout";
import { Empty, Spinner } from "./components/ui";
import { SignIn } from "./pages/SignIn";
import { SessionProvider, useSession } from "./session";

// Each screen is a chunk of its own, loaded when it is opened: the first page a phone shows
// runs the app's frame and that page's code, not every screen's.  A route added here is a
// one-line <Route> in <Routes> below (with its page imported lazily like these, or plainly).
function named<M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}
const TicketList = named(() => import("./lists/TicketList"), "TicketList");
const TicketNew = named(() => import("./pages/TicketNew"), "TicketNew");
const TicketView = named(() => import("./tickets/TicketView"), "TicketView");
const Approvals = named(() => import("./pages/Approvals"), "Approvals");
const Settings = named(() => import("./pages/Settings"), "Settings");
const ReleasesPage = named(() => import("./components/Releases"), "ReleasesPage");

// The home page carries the chart library: load it on its own.
const Home = lazy(() => import("./home/Home"));
// So do the traceability pages (their month charts).
const BatchPage = named(() => import("./trace/BatchPage"), "BatchPage");
const FarmPage = named(() => import("./trace/FarmPage"), "FarmPage");
const CustomerPage = named(() => import("./trace/CustomerPage"), "CustomerPage");
const WastagePage = named(() => import("./trace/WastagePage"), "WastagePage");
const IncidentsPage = named(() => import("./pages/Incidents"), "IncidentsPage");
const IncidentPage = named(() => import("./pages/Incidents"), "IncidentPage");
const WhatsAppInbox = named(() => import("./whatsapp/Inbox"), "Inbox");
const Outbox = named(() => import("./offline/Outbox"), "Outbox");

/** The screen the browser opens on, and its own data (a ticket, a list's first page), fetched
 *  along with the sign-in check rather than after it (on a phone each round trip in a row
 *  costs ~0.6 s).  main.tsx calls it once the first frame is painted, so the first paint
 *  waits for none of it; the data is asked for first, so its requests go out ahead of the
 *  screen's code (a browser opens six connections per host). */
export function preloadOpeningScreen() {
  const at = window.location.pathname;
  const ticket = /^\/tickets\/(b2b|b2c|internal)\/(\d+)$/.exec(at);
  if (at === "/") void import("./home/Home");
  else if (/^\/tickets\/[^/]+\/new$/.test(at)) void import("./pages/TicketNew");
  else if (ticket) {
    void prefetch(ticketPath(ticket[1] as Kind, ticket[2]));
    // The timeline shows at once on a desk; on a phone when its section is opened.
    if (!window.matchMedia("(max-width: 960px)").matches) void prefetch(ticketPath(ticket[1] as Kind, ticket[2], "timeline"));
    void import("./tickets/TicketView");
  } else if (/^\/tickets(\/(b2b|b2c|internal))?$/.test(at)) {
    const kind = (at.split("/")[2] ?? null) as Kind | null;
    void prefetch(firstPagePath(kind, listFilters(new URLSearchParams(window.location.search))));
    void import("./lists/TicketList");
  } else if (at === "/approvals") void import("./pages/Approvals");
}

/** Routes under /tickets/:kind check the kind, and that this user may see it. */
function KindRoute({ page }: { page: "list" | "new" | "view" }) {
  const { kind, id } = useParams();
  const { kinds } = useSession();
  if (!KINDS.includes(kind as Kind) || !kinds.includes(kind as Kind)) return <NotFound />;
  const k = kind as Kind;
  if (page === "list") return <TicketList key={k} kind={k} />;
  if (page === "new") return <TicketNew key={k} kind={k} />;
  return <TicketView key={`${k}-${id}`} kind={k} id={id!} />;
}

function ManagersOnly({ page }: { page: ReactNode }) {
  const { me } = useSession();
  return me.role === "manager" || me.role === "admin" ? <>{page}</> : <NotFound />;
}

/** Traceability (batches, farms, customers, wastage) is for agents, managers and admins. */
function StaffOnly({ page }: { page: ReactNode }) {
  const { me } = useSession();
  return me.role === "agent" || me.role === "manager" || me.role === "admin" ? <>{page}</> : <NotFound />;
}

function NotFound() {
  return (
    <Empty title="Nothing here">
      <p>This page does not exist, or it is not open to your role.</p>
      <Link className="btn" to="/">
        Back to home
      </Link>
    </Empty>
  );
}

function Title() {
  const loc = useLocation();
  useEffect(() => {
    document.getElementById("main")?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [loc.pathname]);
  return null;
}

export function App() {
  return (
    <SessionProvider signedOut={(notice, onSignedIn) => <SignIn notice={notice} onSignedIn={onSignedIn} />}>
      <Layout>
        <Title />
        <Suspense fallback={<Spinner />}>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/login" element={<Navigate to="/" replace />} />
            <Route path="/approvals" element={<ManagersOnly page={<Approvals />} />} />
            <Route path="/settings" element={<ManagersOnly page={<Settings />} />} />
            <Route path="/releases" element={<ReleasesPage />} />
            <Route path="/batches/:batch" element={<StaffOnly page={<BatchPage />} />} />
            <Route path="/farms/:id" element={<StaffOnly page={<FarmPage />} />} />
            <Route path="/customers/:id" element={<StaffOnly page={<CustomerPage />} />} />
            <Route path="/wastage" element={<StaffOnly page={<WastagePage />} />} />
            <Route path="/incidents" element={<StaffOnly page={<IncidentsPage />} />} />
            <Route path="/incidents/:id" element={<StaffOnly page={<IncidentPage />} />} />
            <Route path="/whatsapp/:id?" element={<StaffOnly page={<WhatsAppInbox />} />} />
            <Route path="/outbox" element={<Outbox />} />
            <Route path="/tickets" element={<TicketList kind={null} />} />
            <Route path="/tickets/:kind" element={<KindRoute page="list" />} />
            <Route path="/tickets/:kind/new" element={<KindRoute page="new" />} />
            <Route path="/tickets/:kind/:id" element={<KindRoute page="view" />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </Layout>
    </SessionProvider>
  );
}
