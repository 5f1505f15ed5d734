import { Suspense, lazy, useEffect, type ReactNode } from "react";
import { Link, Navigate, Route, Routes, useLocation, useParams } from "react-router";
import { KINDS, type Kind } from "./api";
import { Layout } from "./components/Layout";
import { Empty, Spinner } from "./components/ui";
import { SignIn } from "./pages/SignIn";
import { TicketList } from "./pages/TicketList";
import { TicketNew } from "./pages/TicketNew";
import { TicketView } from "./tickets/TicketView";
import { Approvals } from "./pages/Approvals";
import { Settings } from "./pages/Settings";
import { ReleasesPage } from "./components/Releases";
import { IncidentPage, IncidentsPage } from "./pages/Incidents";
import { SessionProvider, useSession } from "./session";
import { Inbox as WhatsAppInbox } from "./whatsapp/Inbox";

// The home page carries the chart library: load it on its own.
const Home = lazy(() => import("./pages/Home"));
// So do the traceability pages (their month charts).
const BatchPage = lazy(() => import("./pages/Trace").then((m) => ({ default: m.BatchPage })));
const FarmPage = lazy(() => import("./pages/Trace").then((m) => ({ default: m.FarmPage })));
const CustomerPage = lazy(() => import("./pages/Trace").then((m) => ({ default: m.CustomerPage })));
const WastagePage = lazy(() => import("./pages/Trace").then((m) => ({ default: m.WastagePage })));

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
  return me.role === "agent" || me.role === "manager" || me.role === "admin" ? <Suspense fallback={<Spinner />}>{page}</Suspense> : <NotFound />;
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
        <Routes>
          <Route
            path="/"
            element={
              <Suspense fallback={<Spinner />}>
                <Home />
              </Suspense>
            }
          />
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
          <Route path="/tickets" element={<TicketList kind={null} />} />
          <Route path="/tickets/:kind" element={<KindRoute page="list" />} />
          <Route path="/tickets/:kind/new" element={<KindRoute page="new" />} />
          <Route path="/tickets/:kind/:id" element={<KindRoute page="view" />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Layout>
    </SessionProvider>
  );
}
