// One request: its status, the public thread (our replies and the customer's), the photos,
// a reply box, more photos, and the rating once it is closed.
import { Camera } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { refresh, useApi } from "../query";
import { photoUrl, post, postForm, ticketPath, type Survey, type TicketDetail } from "./api";
import { Banner, Field, Spinner, Stars, errorText, fieldError, when, useTitle } from "./ui";
import { StatusPill } from "./MyTickets";

function Reply({ number }: { number: string }) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await post(ticketPath(number, "replies"), { text });
      setText("");
      await refresh(ticketPath(number));
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="p-form" onSubmit={send}>
      <Field label="Write to us" error={fieldError(err, "text")}>
        {(p) => <textarea {...p} name="reply" rows={3} required value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      {err !== null && !fieldError(err, "text") && <Banner>{errorText(err)}</Banner>}
      <button className="p-btn" disabled={busy || !text.trim()}>
        {busy ? "Sending…" : "Send"}
      </button>
    </form>
  );
}

function MorePhotos({ number }: { number: string }) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    const form = new FormData();
    Array.from(files).forEach((f) => form.append("photos", f, f.name));
    setBusy(true);
    setErr(null);
    try {
      await postForm(ticketPath(number, "photos"), form);
      await refresh(ticketPath(number));
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <label className="p-camera">
        <Camera size={22} aria-hidden="true" /> {busy ? "Sending…" : "Add more photos"}
        <input type="file" name="more-photos" accept="image/*" capture="environment" multiple disabled={busy} onChange={(e) => void add(e.target.files)} />
      </label>
      {err !== null && <Banner>{errorText(err)}</Banner>}
    </>
  );
}

/** The customer's answer, as they gave it. */
export function Rated({ survey }: { survey: Survey }) {
  return (
    <Banner kind="success">
      Thank you! You rated us {survey.rating} of 5{survey.comment ? `: “${survey.comment}”` : "."}
    </Banner>
  );
}

export function RateForm({ onRate, done }: { onRate: (rating: number, comment: string) => Promise<Survey>; done?: Survey | null }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const [answer, setAnswer] = useState<Survey | null>(done ?? null);
  if (answer?.answered) return <Rated survey={answer} />;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      setAnswer(await onRate(rating, comment.trim()));
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="p-form" onSubmit={submit} data-testid="rate-form">
      <Stars name="rating" value={rating} onChange={setRating} />
      <Field label="Anything to add? (optional)">
        {(p) => <textarea {...p} name="comment" rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      {err !== null && <Banner>{errorText(err)}</Banner>}
      <button className="p-btn" disabled={busy || !rating}>
        {busy ? "Sending…" : "Send my rating"}
      </button>
    </form>
  );
}

export default function TicketPage() {
  const { number = "" } = useParams();
  useTitle(number);
  const q = useApi<TicketDetail>(ticketPath(number));
  if (q.isPending) return <Spinner />;
  if (q.error)
    return (
      <div className="p-card">
        <Banner>{errorText(q.error)}</Banner>
        <Link className="p-btn" to="/tickets">
          Your requests
        </Link>
      </div>
    );
  const t = q.data!;
  return (
    <article data-testid="ticket">
      <p className="p-mono p-small">{t.number}</p>
      <h1>{t.category_label}</h1>
      <p>
        <StatusPill status={t.status} label={t.status_label} /> <span className="p-muted p-small">Order {t.so_id}</span>
      </p>
      {t.description && <p className="p-quote">{t.description}</p>}
      {t.photos.length > 0 && (
        <ul className="p-thumbs" aria-label="Photos">
          {t.photos.map((p, i) => (
            <li key={p.attachment_id}>
              <a href={photoUrl(p.attachment_id)} target="_blank" rel="noreferrer">
                <img src={photoUrl(p.attachment_id, true)} alt={`Photo ${i + 1}`} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      )}
      {t.may_rate && (
        <section className="p-card" aria-labelledby="rate-h">
          <h2 id="rate-h">How did we do?</h2>
          <RateForm onRate={(rating, comment) => post<Survey>(ticketPath(t.number, "rating"), { rating, comment: comment || null })} />
        </section>
      )}
      {t.survey?.answered && <Rated survey={t.survey} />}
      <section aria-labelledby="thread-h">
        <h2 id="thread-h">Updates</h2>
        <ol className="p-thread">
          {t.thread.map((e, i) => (
            <li
              key={i}
              className={e.type === "reply" ? (e.from_customer ? "p-msg p-msg-me" : "p-msg") : "p-step"}
              data-testid={e.type === "reply" ? "reply" : "step"}
            >
              {e.type === "reply" && <p className="p-small p-muted">{e.author}</p>}
              <p>{e.text}</p>
              <p className="p-small p-muted">{when(e.at)}</p>
            </li>
          ))}
        </ol>
      </section>
      {t.may_reply && (
        <section className="p-card" aria-label="Reply">
          <Reply number={t.number} />
          <MorePhotos number={t.number} />
        </section>
      )}
    </article>
  );
}
