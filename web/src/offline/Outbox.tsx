// "Waiting to send": the tickets captured on this device that the server has not had yet
// (queue.ts), each with its photos count, its state and a discard button.
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { KIND_SHORT } from "../labels";
import { useTitle } from "../session";
import { Banner, Empty } from "../components/ui";
import { fmtAgo } from "../time";
import { useOnline, useOutbox } from "./Badge";
import { discard, sendWaiting, type QueuedTicket } from "./queue";

function Item({ t }: { t: QueuedTicket }) {
  const [confirming, setConfirming] = useState(false);
  const photos = t.files.length;
  const sentPhotos = t.files.filter((f) => f.sent).length;
  return (
    <li className="card outbox-item" data-testid="outbox-item" data-state={t.state}>
      <div className="outbox-line">
        <span className="badge">{KIND_SHORT[t.kind]}</span>
        <strong className="outbox-summary">{t.summary}</strong>
      </div>
      <p className="muted outbox-meta">
        Captured {fmtAgo(t.capturedAt)} ·{" "}
        <span data-testid="outbox-photos">
          {photos} {photos === 1 ? (t.kind === "internal" ? "file" : "photo") : t.kind === "internal" ? "files" : "photos"}
        </span>
        {t.ticketId !== undefined && t.state !== "sent" && photos > 0 ? ` (${sentPhotos} sent)` : ""}
      </p>
      {t.state === "waiting" && (
        <p className="outbox-status" data-testid="outbox-status">
          {t.ticketId !== undefined ? `Created as ${t.number}; its files are waiting to be sent.` : "Waiting to send."}
          {t.lastProblem ? ` Last try: ${t.lastProblem}` : ""}
        </p>
      )}
      {t.state === "refused" && (
        <div className="outbox-refused" role="alert" data-testid="outbox-error">
          <strong>The server refused it:</strong> {t.error}
          {t.errors && t.errors.length > 1 && (
            <ul>
              {t.errors.map((e, i) => (
                <li key={i}>{e.message}</li>
              ))}
            </ul>
          )}
          {t.ticketId !== undefined && <p>The ticket itself was created as {t.number}; discarding drops only what was not sent.</p>}
        </div>
      )}
      {t.state === "sent" && (
        <p className="outbox-status outbox-sent" data-testid="outbox-sent">
          Sent as{" "}
          <Link to={`/tickets/${t.kind}/${t.ticketId}`} data-testid="outbox-number">
            {t.number}
          </Link>
          .
        </p>
      )}
      <div className="outbox-actions">
        {t.state === "refused" && t.ticketId === undefined && !confirming && (
          <Link className="btn btn-sm btn-primary" to={`/tickets/${t.kind}/new`} state={{ draft: t.id }} data-testid="outbox-edit">
            Fix and send again
          </Link>
        )}
        {confirming ? (
          <>
            <span>{t.state === "sent" ? "Remove it from this list?" : "Discard this ticket and its photos from this device? It cannot be undone."}</span>
            <button type="button" className="btn btn-sm btn-danger" data-testid="outbox-confirm-discard" onClick={() => void discard(t.id)}>
              {t.state === "sent" ? "Remove" : "Discard"}
            </button>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-sm" data-testid="outbox-discard" onClick={() => setConfirming(true)}>
            {t.state === "sent" ? "Remove from list" : "Discard"}
          </button>
        )}
      </div>
    </li>
  );
}

export function Outbox() {
  useTitle("Waiting to send");
  const items = useOutbox();
  const online = useOnline();
  const loc = useLocation();
  const [sending, setSending] = useState(false);
  const waiting = items.filter((t) => t.state === "waiting").length;
  const justQueued = (loc.state as { queued?: string } | null)?.queued;
  const sendNow = async () => {
    setSending(true);
    try {
      await sendWaiting();
    } finally {
      setSending(false);
    }
  };
  return (
    <div className="form-page outbox">
      <div className="page-head">
        <div>
          <p className="eyebrow">This device</p>
          <h1>Waiting to send</h1>
          <p className="muted" data-testid="outbox-connection">
            {online
              ? "Tickets captured without a connection are sent from here, in the order they were captured, each exactly once."
              : "No connection. Tickets you create now are kept on this device and sent when the connection is back."}
          </p>
        </div>
        {online && waiting > 0 && (
          <button type="button" className="btn btn-primary" disabled={sending} onClick={() => void sendNow()}>
            {sending ? "Sending…" : "Send now"}
          </button>
        )}
      </div>
      {justQueued && items.some((t) => t.id === justQueued && t.state === "waiting") && (
        <Banner kind="info">Saved on this device. It will be sent when the connection is back.</Banner>
      )}
      {items.length === 0 ? (
        <Empty title="Nothing waiting">
          <p>Every ticket captured on this device has been sent.</p>
        </Empty>
      ) : (
        <ul className="outbox-list" data-testid="outbox-list">
          {items.map((t) => (
            <Item key={t.id} t={t} />
          ))}
        </ul>
      )}
    </div>
  );
}
