// Calls, messages and emails with the customer, logged on the ticket (with files).
import { MessageCircle, Phone } from "lucide-react";
import { useState, type FormEvent } from "react";
import { refresh, useApi } from "../query";
import { post, postForm, ticketPath, type Communication, type Ticket } from "../api";
import { codeLabel, contactWords } from "../labels";
import { useSession } from "../session";
import { fmtAgo, fmtDateTime } from "../time";
import { Banner, Field, Spinner } from "../components/ui";
import { asErr, type ErrState } from "../components/asErr";
import { PhotoPicker } from "./PhotoPicker";
import { DeliveryStatus } from "../whatsapp/Delivery";

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
                <DeliveryStatus c={c} />
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
