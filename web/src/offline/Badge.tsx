// The header's count of tickets waiting to be sent from this device (issue 16), leading to
// the waiting list (Outbox.tsx, a chunk of its own); and the hooks both use.
import { CloudOff, CloudUpload } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { NavLink } from "react-router";
import { useSession } from "../session";
import "./outbox.css";
import { OUTBOX_EVENT, queued, type QueuedTicket } from "./queue";

/** The signed-in user's queued tickets, kept current. */
export function useOutbox(): QueuedTicket[] {
  const { me } = useSession();
  const [items, setItems] = useState<QueuedTicket[]>([]);
  const load = useCallback(() => {
    queued()
      .then((all) => setItems(all.filter((t) => t.userId === me.user_id)))
      .catch(() => setItems([]));
  }, [me.user_id]);
  useEffect(() => {
    load();
    window.addEventListener(OUTBOX_EVENT, load);
    return () => window.removeEventListener(OUTBOX_EVENT, load);
  }, [load]);
  return items;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
    };
  }, []);
  return online;
}

/** The header's link to the waiting list, with how many wait; shown while any wait (or are
 *  refused) and while there is no connection. */
export function OutboxBadge() {
  const items = useOutbox();
  const online = useOnline();
  const n = items.filter((t) => t.state !== "sent").length;
  if (!n && online) return null;
  return (
    <NavLink
      to="/outbox"
      className="btn btn-ghost btn-icon bell-btn outbox-btn"
      aria-label={n ? `Waiting to send: ${n}` : "No connection: waiting to send"}
      data-testid="outbox-link"
    >
      {online ? <CloudUpload size={19} aria-hidden="true" /> : <CloudOff size={19} aria-hidden="true" />}
      {n > 0 && (
        <span className="bell-count" data-testid="outbox-count">
          {n > 99 ? "99+" : n}
        </span>
      )}
    </NavLink>
  );
}
