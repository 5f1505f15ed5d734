import { Images, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { refresh, useApi } from "../query";
import { postForm, ticketPath, type Attachment, type Ticket } from "../api";
import { fmtDateTime } from "../time";
import { Banner, Spinner, errorText } from "../components/ui";
import { PhotoPicker } from "./PhotoPicker";

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
