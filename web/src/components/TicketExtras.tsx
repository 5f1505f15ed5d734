// Ticket page pieces beyond the basics: the SLA card, the pending approval, the late-claim
// exception decision, replies from templates, the communication log and the photo gallery.
// The channel lists come from the catalog (communication_channels, reply_channels,
// close_confirmations); labels.ts only words them.
import { AlertTriangle, Camera, CheckCircle2, Clock, Hourglass, Images, MessageCircle, Phone, Send, ShieldAlert, X } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { refresh, useApi } from "../query";
import { ApiError, post, postForm, ticketPath, type Attachment, type Communication, type Ticket, type Template } from "../api";
import type { Schema } from "../schema";
import { codeLabel, confirmationLabel, contactWords, money } from "../labels";
import { useSession } from "../session";
import { fmtAgo, fmtDate, fmtDateTime } from "../time";
import { Banner, Field, SlaBadge, Spinner, errorText, fmtDuration } from "./ui";

type ReplyPreview = Schema<"ReplyPreview">;

type ErrState = { field: string | null; message: string } | null;
const asErr = (e: unknown): ErrState => ({ field: e instanceof ApiError ? e.field : null, message: errorText(e) });

export function SlaCard({ t }: { t: Ticket }) {
  if (!t.sla_state) return null;
  const open = t.sla_state === "on_track" || t.sla_state === "at_risk" || t.sla_state === "overdue";
  return (
    <section className={`card sla-card sla-card-${t.sla_state}`} aria-labelledby="sla-h" data-testid="sla-card">
      <h2 id="sla-h">
        <Clock size={18} aria-hidden="true" /> Service level
      </h2>
      <SlaBadge state={t.sla_state} secondsLeft={t.sla_seconds_left} paused={t.sla_paused} />
      <dl>
        {open && t.sla_seconds_left !== null && t.sla_seconds_left !== undefined && (
          <>
            <dt>{t.sla_seconds_left >= 0 ? "Time left" : "Overdue by"}</dt>
            <dd className={t.sla_seconds_left < 0 ? "danger-text" : undefined}>{fmtDuration(t.sla_seconds_left)} of working time</dd>
          </>
        )}
        {t.sla_due_at && (
          <>
            <dt>Due</dt>
            <dd>{fmtDateTime(t.sla_due_at)}</dd>
          </>
        )}
        {t.sla_hours !== null && t.sla_hours !== undefined && (
          <>
            <dt>Target</dt>
            <dd>{t.sla_hours} working hours</dd>
          </>
        )}
        {t.sla_paused && (
          <>
            <dt>Clock</dt>
            <dd>Paused while waiting for the customer</dd>
          </>
        )}
        <dt>First response</dt>
        <dd>{t.first_response_at ? fmtDateTime(t.first_response_at) : <span className="muted">Not yet</span>}</dd>
        {!!t.escalation_level && (
          <>
            <dt>Escalation</dt>
            <dd className="danger-text">Level {t.escalation_level}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function PendingApproval({ t }: { t: Ticket }) {
  const a = t.pending_approval;
  if (!a) return null;
  return (
    <div className="pending" role="status" data-testid="pending-approval">
      <Hourglass size={20} aria-hidden="true" />
      <div>
        <strong>Pending manager approval</strong>
        <p>
          {a.requested_by_name} asked to resolve with <b>{a.resolution_type.replace(/_/g, " ")}</b>
          {a.amount !== null ? ` of ${money(a.amount)}` : ""}
          {a.replacement_date ? ` on ${fmtDate(a.replacement_date)}` : ""} {fmtAgo(a.requested_at)}. The ticket stays in progress until a manager decides.
        </p>
      </div>
    </div>
  );
}

/** A manager's decision on a B2C claim raised after the policy window. */
export function PolicyException({ t, onChanged }: { t: Ticket; onChanged: (t: Ticket, m?: string) => void }) {
  const { me } = useSession();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<ErrState>(null);
  if (t.kind !== "b2c" || t.within_policy_window !== false) return null;
  const manager = me.role === "manager" || me.role === "admin";
  async function decide(decision: "approve" | "reject") {
    setBusy(true);
    setErr(null);
    try {
      const r = await post<Ticket>(ticketPath("b2c", t.ticket_id, "policy-exception"), { decision, note: note.trim() || undefined });
      onChanged(r, decision === "approve" ? "Exception approved: the late claim will be handled." : "Exception rejected.");
      setNote("");
    } catch (e) {
      setErr(asErr(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card exception" aria-labelledby="exc-h">
      <h2 id="exc-h">
        <ShieldAlert size={18} aria-hidden="true" /> Late claim
      </h2>
      <p className="small">{t.policy_window_label ?? "Raised outside the policy window."}</p>
      {t.policy_exception ? (
        <p className={t.policy_exception === "approved" ? "ok-text" : "danger-text"} data-testid="policy-exception">
          Exception {t.policy_exception}
          {t.policy_exception_note ? `: ${t.policy_exception_note}` : ""}
        </p>
      ) : manager ? (
        <>
          {err && <Banner>{err.message}</Banner>}
          <Field label="Decision note" hint="Why the exception is made or refused.">
            {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <div className="btn-row">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void decide("approve")}>
              Approve exception
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void decide("reject")}>
              Reject
            </button>
          </div>
        </>
      ) : (
        <p className="muted small">A manager decides whether to make an exception.</p>
      )}
    </section>
  );
}

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
  const [preview, setPreview] = useState<ReplyPreview | null>(null);
  useEffect(() => {
    if (!tid && !body.trim()) {
      setPreview(null);
      return;
    }
    let cancelled = false;
    const timer = window.setTimeout(() => {
      post<ReplyPreview>(ticketPath(t.kind, t.ticket_id, "reply/preview"), {
        template_id: tid ? Number(tid) : undefined,
        body: body.trim() || undefined,
        subject: channel === "email" && subject.trim() ? subject.trim() : undefined,
        channel,
      }).then(
        (p) => !cancelled && setPreview(p),
        () => !cancelled && setPreview(null),
      );
    }, 300);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [t.kind, t.ticket_id, tid, body, subject, channel]);

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

export function Communications({ t, onLogged }: { t: Ticket; onLogged?: () => void }) {
  const { catalog } = useSession();
  const commsPath = ticketPath(t.kind, t.ticket_id, "communications");
  const commsQ = useApi<{ items: Communication[] }>(commsPath);
  const items = commsQ.data?.items ?? null;
  const [shownErr, setErr] = useState<ErrState>(null);
  const err = shownErr ?? (commsQ.error ? asErr(commsQ.error) : null);
  const [open, setOpen] = useState(false);
  const [channel, setChannel] = useState(catalog.communication_channels[0] ?? "phone");
  const [direction, setDirection] = useState("inbound");
  const [summary, setSummary] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const load = () => void refresh(commsPath);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const path = ticketPath(t.kind, t.ticket_id, "communications");
      const body = { channel, direction, summary };
      if (files.length) {
        // With files: the communication as the JSON part "communication", the files as "files".
        const form = new FormData();
        form.append("communication", new Blob([JSON.stringify(body)], { type: "application/json" }), "communication.json");
        for (const f of files) form.append("files", f, f.name);
        await postForm(path, form);
      } else await post(path, body);
      setSummary("");
      setFiles([]);
      setOpen(false);
      load();
      onLogged?.();
    } catch (x) {
      setErr(asErr(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="comm-h" data-testid="communications">
      <div className="card-head">
        <h2 id="comm-h">
          <Phone size={18} aria-hidden="true" /> Communications
        </h2>
        <button type="button" className="btn btn-sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? "Cancel" : "Log a contact"}
        </button>
      </div>
      {open && (
        <form className="stack comm-form" onSubmit={submit} noValidate aria-label="Log a communication">
          {err && <Banner>{err.message}</Banner>}
          <div className="field-pair">
            <Field label="Channel">
              {(p) => (
                <select {...p} value={channel} onChange={(e) => setChannel(e.target.value)}>
                  {catalog.communication_channels.map((k) => (
                    <option key={k} value={k}>
                      {codeLabel(k)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Direction">
              {(p) => (
                <select {...p} value={direction} onChange={(e) => setDirection(e.target.value)}>
                  <option value="inbound">From the customer</option>
                  <option value="outbound">To the customer</option>
                </select>
              )}
            </Field>
          </div>
          <Field label="Summary" error={err?.field === "summary" ? err.message : null}>
            {(p) => <textarea {...p} rows={2} value={summary} onChange={(e) => setSummary(e.target.value)} placeholder="What was said or agreed" />}
          </Field>
          <PhotoPicker id={`comm-files-${t.ticket_id}`} files={files} onChange={setFiles} documents label="Screenshots, photos or files" />
          <div className="btn-row end">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? "Saving…" : "Save"}
            </button>
          </div>
        </form>
      )}
      {!items ? (
        err ? (
          <Banner>{err.message}</Banner>
        ) : (
          <Spinner />
        )
      ) : items.length === 0 ? (
        <p className="muted">No calls, messages or emails logged yet.</p>
      ) : (
        <ol className="comms" role="list">
          {items.map((c) => (
            <li key={c.communication_id} className={`comm comm-${c.direction}`}>
              <MessageCircle size={16} aria-hidden="true" />
              <div>
                <div className="comm-head">
                  <span data-testid="comm-sentence">
                    <strong>{c.logged_by_name}</strong> logged {contactWords(c.channel, c.direction)}
                  </span>
                  <time className="muted small" dateTime={c.occurred_at} title={fmtDateTime(c.occurred_at)}>
                    {fmtAgo(c.occurred_at)}
                  </time>
                </div>
                <p className="prewrap">{c.summary}</p>
                {c.attachments.length > 0 && (
                  <ul className="comm-files" role="list" aria-label="Attached to this contact">
                    {c.attachments.map((a) => (
                      <li key={a.attachment_id}>
                        <a className="link" href={a.url} target="_blank" rel="noreferrer" data-testid="comm-attachment">
                          {a.thumbnail_url ? <img src={a.thumbnail_url} alt="" loading="lazy" /> : null}
                          {a.filename}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Picks photos with the phone camera (or files), with previews and removal. */
export function PhotoPicker({
  id,
  files,
  onChange,
  required,
  error,
  documents,
  label,
}: {
  id: string;
  files: File[];
  onChange: (f: File[]) => void;
  required?: boolean;
  error?: string | null;
  /** Screenshots and PDF documents (internal tickets) rather than photos from the camera. */
  documents?: boolean;
  label?: string;
}) {
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const u = files.map((f) => URL.createObjectURL(f));
    setUrls(u);
    return () => u.forEach((x) => URL.revokeObjectURL(x));
  }, [files]);
  return (
    <div className={`field field-wide photo-field${error ? " has-error" : ""}`}>
      <span className="label-text" id={id + "-label"}>
        {label ?? (documents ? "Screenshots and files" : "Photos")}
        {required && <span className="req"> (required for this category)</span>}
      </span>
      <label htmlFor={id} className="photo-drop">
        <Camera size={22} aria-hidden="true" />
        <span>
          <strong>{documents ? "Add screenshots or files" : "Take or add photos"}</strong>
          <span className="muted small">{documents ? "JPEG, PNG, WebP, HEIC or PDF" : "Opens the camera on a phone · JPEG, PNG, WebP or HEIC"}</span>
        </span>
      </label>
      <input
        id={id}
        data-testid="photo-input"
        className="sr-only-file"
        type="file"
        accept={documents ? "image/*,application/pdf" : "image/*"}
        capture={documents ? undefined : "environment"}
        multiple
        aria-describedby={error ? id + "-err" : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          const picked = Array.from(e.target.files ?? []);
          if (picked.length) onChange([...files, ...picked]);
          e.target.value = "";
        }}
      />
      {files.length > 0 && (
        <ul className="previews" role="list" aria-label={documents ? "Files to upload" : "Photos to upload"}>
          {files.map((f, i) => (
            <li key={i}>
              {f.type.startsWith("image/") ? (
                <img src={urls[i]} alt={`${documents ? "File" : "Photo"} ${i + 1}: ${f.name}`} />
              ) : (
                <span className="preview-file">{f.name}</span>
              )}
              <button type="button" className="preview-x" aria-label={`Remove ${f.name}`} onClick={() => onChange(files.filter((_, j) => j !== i))}>
                <X size={14} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <div className="field-error" id={id + "-err"} role="alert" data-testid="photo-error">
          <AlertTriangle size={14} aria-hidden="true" /> {error}
        </div>
      )}
    </div>
  );
}

/** The ticket's photos and files, with a full-size view and adding more. */
export function Gallery({ t }: { t: Ticket }) {
  const filesPath = ticketPath(t.kind, t.ticket_id, "attachments");
  const filesQ = useApi<{ items: Attachment[] }>(filesPath);
  const items = filesQ.data?.items ?? null;
  const [shownErr, setErr] = useState<string | null>(null);
  const err = shownErr ?? (filesQ.error ? errorText(filesQ.error) : null);
  const [adding, setAdding] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [view, setView] = useState<Attachment | null>(null);
  const dlg = useRef<HTMLDialogElement>(null);
  const load = () => void refresh(filesPath);
  useEffect(() => {
    if (view && dlg.current && !dlg.current.open) dlg.current.showModal();
  }, [view]);

  async function upload() {
    setBusy(true);
    setErr(null);
    try {
      const form = new FormData();
      const part = t.kind === "b2c" ? "photos" : "files";
      for (const f of adding) form.append(part, f, f.name);
      await postForm(ticketPath(t.kind, t.ticket_id, t.kind === "b2c" ? "photos" : "attachments"), form);
      setAdding([]);
      load();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const photos = items?.filter((a) => a.thumbnail_url) ?? [];
  const files = items?.filter((a) => !a.thumbnail_url) ?? [];
  return (
    <section className="card" aria-labelledby="gal-h" data-testid="gallery">
      <h2 id="gal-h">
        <Images size={18} aria-hidden="true" /> {t.kind === "internal" ? "Screenshots and files" : "Photos and files"}
      </h2>
      {err && <Banner onClose={() => setErr(null)}>{err}</Banner>}
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="muted">{t.kind === "internal" ? "No screenshots or files yet." : "No photos yet."}</p>
      ) : (
        <>
          <ul className="gallery" role="list">
            {photos.map((a) => (
              <li key={a.attachment_id}>
                <button type="button" className="thumb" onClick={() => setView(a)} aria-label={`View ${a.filename} full size`}>
                  <img src={a.thumbnail_url!} alt={a.filename} loading="lazy" data-testid="gallery-photo" />
                </button>
              </li>
            ))}
          </ul>
          {files.length > 0 && (
            <ul className="files" role="list">
              {files.map((a) => (
                <li key={a.attachment_id}>
                  <a className="link" href={a.url} target="_blank" rel="noreferrer">
                    {a.filename}
                  </a>{" "}
                  <span className="muted small">· {Math.ceil(a.size / 1024)} KB</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {t.status !== "closed" && (
        <div className="gallery-add">
          <PhotoPicker id={`add-photos-${t.ticket_id}`} files={adding} onChange={setAdding} documents={t.kind === "internal"} />
          {adding.length > 0 && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void upload()}>
              {busy
                ? "Uploading…"
                : `Upload ${adding.length} ${t.kind === "internal" ? (adding.length === 1 ? "file" : "files") : adding.length === 1 ? "photo" : "photos"}`}
            </button>
          )}
        </div>
      )}
      <dialog
        ref={dlg}
        className="lightbox"
        aria-label={view ? view.filename : "Photo"}
        onClose={() => setView(null)}
        onClick={(e) => e.target === dlg.current && dlg.current?.close()}
      >
        {view && (
          <figure>
            <img src={view.url} alt={view.filename} />
            <figcaption>
              <span>
                {view.filename} · {view.uploaded_by_name} · {fmtDateTime(view.taken_at ?? view.uploaded_at)}
              </span>
              <button type="button" className="btn btn-sm" onClick={() => dlg.current?.close()} autoFocus>
                <X size={14} aria-hidden="true" /> Close
              </button>
            </figcaption>
          </figure>
        )}
      </dialog>
    </section>
  );
}

export function ResolvedSummary({ t, label }: { t: Ticket; label: string }) {
  return (
    <div className="resolution">
      <CheckCircle2 size={18} aria-hidden="true" />
      <div>
        <strong>Resolved: {label}</strong>
        {(t.resolution_amount !== null && t.resolution_amount !== undefined) || t.replacement_date || t.resolution_reference ? (
          <p className="small">
            {t.resolution_amount !== null && t.resolution_amount !== undefined ? money(t.resolution_amount) : ""}
            {t.replacement_date ? `Replacement on ${fmtDate(t.replacement_date)}` : ""}
            {t.replacement_items ? ` (${t.replacement_items})` : ""}
            {t.resolution_reference ? ` · ref. ${t.resolution_reference}` : ""}
          </p>
        ) : null}
        {t.resolution_notes && <p className="prewrap">{t.resolution_notes}</p>}
        {t.close_confirmation && <p className="small muted">Customer confirmation: {confirmationLabel(t.close_confirmation)}</p>}
      </div>
    </div>
  );
}
