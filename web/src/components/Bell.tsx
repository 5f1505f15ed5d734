// The notifications bell: the unread count on the button, and a panel listing the latest
// notifications; opening one marks it read and goes to its ticket.
import { Bell as BellIcon, CheckCheck } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { post, type Notification } from "../api";
import { refresh, useApi } from "../query";
import { fmtAgo } from "../time";
import { errorText } from "./ui";

const POLL_MS = 60_000;

export function Bell() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();

  // Polled through the data layer (and refetched after any change the user makes).
  const q = useApi<{ items: Notification[]; unread: number }>("/api/notifications?limit=20", { refetchInterval: POLL_MS });
  const items = q.data?.items ?? [];
  const unread = q.data?.unread ?? 0;
  const error = q.error ? errorText(q.error) : null;
  const load = useCallback(() => void refresh("/api/notifications"), []);

  useEffect(() => {
    if (!open) return;
    load();
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, load]);

  async function read(n: Notification) {
    if (!n.read) {
      try {
        await post(`/api/notifications/${n.notification_id}/read`);
      } catch {
        /* the link still works */
      }
    }
    setOpen(false);
    load();
    if (n.ticket_id && n.ticket_kind) navigate(`/tickets/${n.ticket_kind}/${n.ticket_id}`);
  }

  async function readAll() {
    await Promise.all(items.filter((n) => !n.read).map((n) => post(`/api/notifications/${n.notification_id}/read`).catch(() => null)));
    load();
  }

  return (
    <div className="bell" ref={ref}>
      <button
        type="button"
        className="btn btn-ghost btn-icon bell-btn"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls="bell-panel"
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        onClick={() => setOpen((o) => !o)}
        data-testid="bell"
      >
        <BellIcon size={19} aria-hidden="true" />
        {unread > 0 && (
          <span className="bell-count" data-testid="bell-count">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div id="bell-panel" className="bell-panel" role="region" aria-label="Notifications">
          <div className="bell-head">
            <strong>Notifications</strong>
            {unread > 0 && (
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => void readAll()}>
                <CheckCheck size={14} aria-hidden="true" /> Mark all read
              </button>
            )}
          </div>
          {error && <p className="muted small bell-empty">{error}</p>}
          {!error && items.length === 0 && <p className="muted bell-empty">You are all caught up.</p>}
          <ul role="list" className="bell-list">
            {items.map((n) => (
              <li key={n.notification_id}>
                <button type="button" className={`bell-item${n.read ? "" : " unread"}`} onClick={() => void read(n)}>
                  <span className="bell-dot" aria-hidden="true" />
                  <span className="bell-text">
                    <span className="bell-title">{n.title}</span>
                    {n.body && <span className="bell-body">{n.body.split("\n")[0]}</span>}
                    <span className="bell-time">
                      {n.ticket_number ? `${n.ticket_number} · ` : ""}
                      {fmtAgo(n.created_at)}
                      {n.read ? "" : " · unread"}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
