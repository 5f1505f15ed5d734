import { Send } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { apiKey, useApi } from "../query";
import { api, post, ticketPath, type Ticket, type Template } from "../api";
import type { Schema } from "../schema";
import { codeLabel } from "../labels";
import { useSession } from "../session";
import { Banner, Field } from "../components/ui";
import { asErr, type ErrState } from "../components/asErr";
import { WhatsAppReplyNote } from "../whatsapp/ReplyNote";

type ReplyPreview = Schema<"ReplyPreview">;

/** Reply to the customer, from a template or free text; logged as a communication. */
export function ReplyCard({ t, onSent }: { t: Ticket; onSent: () => void }) {
  const { catalog } = useSession();
  const templatesQ = useApi<{ items: (Template & { categories?: string[] })[] }>("/api/templates?kind=" + t.kind);
  const templates: Template[] | null = templatesQ.error
    ? []
    : (templatesQ.data?.items.filter((x) => !x.categories?.length || x.categories.includes(t.category)) ?? null);
  const [tid, setTid] = useState("");
  const [channel, setChannel] = useState(catalog.reply_channels[0] ?? "email");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<ErrState>(null);
  const [done, setDone] = useState<string | null>(null);

  // The reply as it would go, placeholders filled, asked of the server as it is written.
  // Asked once typing pauses, through the cache (a preview overtaken by the next is cancelled).
  const wanted =
    tid || body.trim()
      ? {
          template_id: tid ? Number(tid) : undefined,
          body: body.trim() || undefined,
          subject: channel === "email" && subject.trim() ? subject.trim() : undefined,
          channel,
        }
      : null;
  const wantedKey = JSON.stringify(wanted);
  const [asked, setAsked] = useState<typeof wanted>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setAsked(wantedKey === "null" ? null : JSON.parse(wantedKey)), wantedKey === "null" ? 0 : 300);
    return () => window.clearTimeout(timer);
  }, [wantedKey]);
  const previewPath = ticketPath(t.kind, t.ticket_id, "reply/preview");
  const previewQ = useQuery({
    queryKey: [...apiKey(previewPath), asked],
    queryFn: ({ signal }) => api<ReplyPreview>("POST", previewPath, asked, signal),
    enabled: !!asked,
    retry: false,
    placeholderData: (previous) => previous,
  });
  const preview = asked && !previewQ.error ? (previewQ.data ?? null) : null;

  function pick(id: string) {
    setTid(id);
    const x = templates?.find((y) => String(y.template_id) === id);
    if (x) {
      setBody(x.body);
      setSubject(x.subject ?? "");
      const ch = (x as Template & { channel?: string }).channel;
      if (ch && catalog.reply_channels.includes(ch)) setChannel(ch);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    setDone(null);
    try {
      const r = await post<{ emailed: boolean }>(ticketPath(t.kind, t.ticket_id, "reply"), {
        template_id: tid ? Number(tid) : undefined,
        body: body.trim() || undefined,
        subject: channel === "email" && subject.trim() ? subject.trim() : undefined,
        channel,
      });
      setDone(r.emailed ? "Reply queued for email and logged." : "Reply logged.");
      setBody("");
      setTid("");
      setSubject("");
      onSent();
    } catch (x) {
      setErr(asErr(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="reply-h">
      <h2 id="reply-h">
        <Send size={18} aria-hidden="true" /> Reply to the customer
      </h2>
      <form className="stack" onSubmit={submit} noValidate>
        {done && (
          <Banner kind="success" onClose={() => setDone(null)}>
            {done}
          </Banner>
        )}
        {err && !["body", "channel", "template_id", "subject"].includes(err.field ?? "") && <Banner>{err.message}</Banner>}
        <div className="field-pair">
          <Field label="Template" error={err?.field === "template_id" ? err.message : null}>
            {(p) => (
              <select {...p} value={tid} onChange={(e) => pick(e.target.value)}>
                <option value="">{templates === null ? "Loading…" : templates.length ? "No template (write it)" : "No templates"}</option>
                {templates?.map((x) => (
                  <option key={x.template_id} value={String(x.template_id)}>
                    {x.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Channel" error={err?.field === "channel" ? err.message : null}>
            {(p) => (
              <select {...p} value={channel} onChange={(e) => setChannel(e.target.value)}>
                {catalog.reply_channels.map((k) => (
                  <option key={k} value={k}>
                    {codeLabel(k)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {channel === "email" && (
          <Field label="Subject" error={err?.field === "subject" ? err.message : null} hint="Left empty: the template's, or “Re: ticket number”.">
            {(p) => <input {...p} value={subject} onChange={(e) => setSubject(e.target.value)} />}
          </Field>
        )}
        <Field
          label="Message"
          error={err?.field === "body" ? err.message : null}
          hint="Placeholders such as {{customer.name}} and {{ticket.number}} are filled in."
        >
          {(p) => <textarea {...p} rows={4} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        {channel === "email" && preview && !preview.mail_server && (
          <Banner kind="info">
            <span data-testid="no-mail-server">
              No mail server is set up, so this email will wait in the outbox until an admin sets one up in Settings. Reply on WhatsApp, SMS or phone to reach
              the customer now.
            </span>
          </Banner>
        )}
        {channel === "email" && preview && !preview.to && <Banner>The customer has no email address: reply on another channel.</Banner>}
        {channel === "whatsapp" && <WhatsAppReplyNote kind={t.kind} id={t.ticket_id} />}
        {preview && preview.body && (
          <figure className="reply-preview" data-testid="reply-preview" aria-live="polite">
            <figcaption className="small muted">Preview{channel === "email" && preview.to ? ` · to ${preview.to}` : ` · ${codeLabel(channel)}`}</figcaption>
            {preview.subject && <strong className="reply-subject">{preview.subject}</strong>}
            <p className="prewrap">{preview.body}</p>
          </figure>
        )}
        <div className="btn-row end">
          <button type="submit" className="btn btn-primary" disabled={busy || (!tid && !body.trim())}>
            <Send size={16} aria-hidden="true" /> {busy ? "Sending…" : "Send reply"}
          </button>
        </div>
      </form>
    </section>
  );
}
