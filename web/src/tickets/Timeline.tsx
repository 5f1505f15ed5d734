// A ticket's timeline (every event and comment, in order) with the comment form.  It reads
// the timeline itself, when it is shown (on a phone, when its section is first opened).
import { MessageSquare, Send } from "lucide-react";
import { useState, type FormEvent, type ReactNode } from "react";
import { post, ticketPath, type Kind, type KindCatalog, type Ticket, type TimelineEvent } from "../api";
import { Banner, Field, Spinner, errorText, formError, generalError, type FormError } from "../components/ui";
import { contactWords, fieldLabel, rootCauseLabel } from "../labels";
import { useApi } from "../query";
import { useSession } from "../session";
import { fmtAgo, fmtDateTime } from "../time";

/* --- timeline ----------------------------------------------------------------------- */

function describe(ev: TimelineEvent, kc: KindCatalog): ReactNode {
  const label = (s?: string | null) => (s ? (kc.statuses.find((x) => x.code === s)?.label ?? s) : "—");
  switch (ev.type) {
    case "created":
      return <>created the ticket</>;
    case "assigned":
      if (ev.note?.startsWith("Assigned to ")) return <>assigned it to {ev.note.slice("Assigned to ".length)}</>;
      return <>{ev.note === "Unassigned" ? "unassigned it" : (ev.note ?? "changed the assignee")}</>;
    case "status":
      return (
        <>
          moved it from <b>{label(ev.old_value)}</b> to <b>{label(ev.new_value)}</b>
        </>
      );
    case "resolved":
      return <>resolved it</>;
    case "attachment":
      return <>added {ev.field === "photo" ? "a photo" : "a file"}</>;
    case "communication":
      return <>logged {contactWords(ev.field, ev.new_value)}</>;
    case "approval_requested":
      return <>asked a manager to approve the resolution</>;
    case "approval_approved":
      return <>approved the resolution</>;
    case "approval_rejected":
      return <>rejected the resolution{ev.note ? `: ${ev.note}` : ""}</>;
    case "policy_exception":
      return <>{ev.new_value === "approved" ? "approved" : "rejected"} an exception to the policy window</>;
    case "escalated":
      return <>escalated it (SLA overdue)</>;
    case "sla_at_risk":
      return <>flagged it at risk of missing the SLA</>;
    case "team":
      return <>set the team{ev.note ? `: ${ev.note}` : ""}</>;
    case "root_cause":
      return <>recorded the root cause{ev.new_value ? `: ${rootCauseLabel(ev.new_value).toLowerCase()}` : ""}</>;
    case "wastage":
      return <>updated the wastage report{ev.note ? `: ${ev.note.replace(/^Wastage recorded: /, "")}` : ""}</>;
    case "farm_flagged":
      return <>{ev.note ? ev.note.replace(/^Farm /, "flagged farm ").replace(/ flagged:/, ":") : `flagged farm ${ev.new_value ?? ""}`}</>;
    case "closed":
      return <>closed it</>;
    case "posting_posted": // Zoho Books and WooCommerce (issue 15): the note names the document
      return <>posted {ev.note ? ev.note.replace(/ posted(: .*)?$/s, "") : "to the books"}</>;
    case "posting_failed":
      return <>could not post {ev.note ? ev.note.replace(" failed: ", ": ") : "to the books"}</>;
    case "posting_retried":
      return <>asked to post {ev.note ? ev.note.replace(/ to be tried again$/, "") : "it"} again</>;
    case "changed":
      return (
        <>
          changed <b>{fieldLabel(ev.field ?? "")}</b>
          {ev.old_value ? (
            <>
              {" "}
              from <q>{ev.old_value}</q>
            </>
          ) : null}{" "}
          to <q>{ev.new_value ?? "nothing"}</q>
        </>
      );
    default:
      return (
        <>
          {ev.type.replace(/_/g, " ")}
          {ev.field ? ` ${fieldLabel(ev.field)}` : ""}
        </>
      );
  }
}

export function Timeline({ kind, ticket, kc, onCommented }: { kind: Kind; ticket: Ticket; kc: KindCatalog; onCommented: () => void }) {
  const { catalog } = useSession();
  const timelineQ = useApi<{ items: TimelineEvent[] }>(ticketPath(kind, ticket.ticket_id, "timeline"));
  const events = timelineQ.data?.items ?? null;
  const [text, setText] = useState("");
  const [visibility, setVisibility] = useState(catalog.comment_visibility[0] ?? "internal");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<FormError>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await post(ticketPath(kind, ticket.ticket_id, "comments"), { comment_text: text, visibility });
      setText("");
      onCommented();
    } catch (x) {
      setErr(formError(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card c-timeline" aria-labelledby="tl-h">
      <h2 id="tl-h">
        <MessageSquare size={18} aria-hidden="true" /> Timeline
      </h2>
      {timelineQ.error && !events ? (
        <Banner>{errorText(timelineQ.error)}</Banner>
      ) : !events ? (
        <Spinner />
      ) : (
        <ol className="timeline">
          {events.map((ev, i) =>
            ev.comment_id ? (
              <li key={"c" + ev.comment_id} className={`tl-comment tl-${ev.visibility}`}>
                <div className="tl-who">
                  <strong>{ev.actor_name ?? "ticketd"}</strong>
                  <span className={`vis vis-${ev.visibility}`}>{ev.visibility === "public" ? "Public reply" : "Internal note"}</span>
                  <time dateTime={ev.at} title={fmtDateTime(ev.at)}>
                    {fmtAgo(ev.at)}
                  </time>
                </div>
                <p className="prewrap">{ev.comment_text}</p>
              </li>
            ) : (
              <li key={ev.event_id ?? i} className={`tl-event tl-${ev.type}`}>
                <span className="tl-dot" aria-hidden="true" />
                <div>
                  <span>
                    <strong>{ev.actor_name ?? "ticketd"}</strong> {describe(ev, kc)}
                  </span>
                  {(ev.type === "resolved" || ev.type === "closed") && ev.note && <p className="tl-note prewrap">{ev.note}</p>}
                  <time dateTime={ev.at} title={fmtDateTime(ev.at)}>
                    {fmtDateTime(ev.at)}
                  </time>
                </div>
              </li>
            ),
          )}
        </ol>
      )}
      <form className="comment-form" onSubmit={submit} noValidate aria-label="New comment">
        <Field label="Add a comment" error={err?.fields.comment_text ?? err?.fields.visibility ?? null}>
          {(p) => (
            <textarea
              {...p}
              rows={3}
              value={text}
              placeholder={visibility === "public" ? "Reply the customer will see" : "Note for the team"}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        {generalError(err, ["comment_text", "visibility"]) && <Banner>{err?.message}</Banner>}
        <div className="comment-actions">
          <div className="segmented" role="radiogroup" aria-label="Visibility">
            {catalog.comment_visibility.map((vis) => (
              <label key={vis} className={visibility === vis ? "on" : undefined}>
                <input type="radio" name="visibility" value={vis} checked={visibility === vis} onChange={() => setVisibility(vis)} />
                {vis === "public" ? "Public reply" : "Internal note"}
              </label>
            ))}
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            <Send size={16} aria-hidden="true" /> {busy ? "Posting…" : "Post comment"}
          </button>
        </div>
      </form>
    </section>
  );
}
