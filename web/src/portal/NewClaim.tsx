// A new claim about one delivery: what went wrong, which items, a description and photos
// from the phone's camera (required for quality and damage, as the server says).
import { Camera, X } from "lucide-react";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useApi } from "../query";
import { ApiError, postForm, type Claimed, type Delivery, type Me } from "./api";
import { Banner, Field, errorText, fieldError, useTitle } from "./ui";
import { WindowNote } from "./Deliveries";

export default function NewClaim({ me }: { me: Me }) {
  useTitle("Report a problem");
  const { so = "" } = useParams();
  const nav = useNavigate();
  const q = useApi<{ items: Delivery[] }>("/api/portal/deliveries");
  const delivery = q.data?.items.find((d) => d.so_id === so);
  const [category, setCategory] = useState("");
  const [items, setItems] = useState<string[]>([]);
  const [description, setDescription] = useState("");
  const [resolution, setResolution] = useState("");
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const [photoMissing, setPhotoMissing] = useState(false);
  const [done, setDone] = useState<Claimed | null>(null);
  const cat = me.categories.find((c) => c.code === category);
  const previews = useMemo(() => photos.map((f) => URL.createObjectURL(f)), [photos]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);
  const groups = [...new Set(me.categories.map((c) => c.group_label ?? c.group))];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErr(null);
    // Said before anything is sent: the label already asks for one.
    setPhotoMissing(!!cat?.photo_required && photos.length === 0);
    if (cat?.photo_required && photos.length === 0) return;
    setBusy(true);
    const claim: Record<string, string> = { so_id: so, category, description: description.trim() };
    if (items.length) claim.items_affected = items.join(", ");
    if (resolution) claim.requested_resolution = resolution;
    const form = new FormData();
    form.append("ticket", new Blob([JSON.stringify(claim)], { type: "application/json" }));
    photos.forEach((p) => form.append("photos", p, p.name));
    try {
      setDone(await postForm<Claimed>("/api/portal/claims", form));
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <div className="p-card" data-testid="claim-done">
        <h1>Thank you, we have it</h1>
        <p>
          Your request <strong className="p-mono">{done.number}</strong> is with our team. We will keep you posted here
          {me.kind === "b2c" ? " and by message" : ""}.
        </p>
        <WindowNote w={done.claim_window} />
        <button className="p-btn" onClick={() => nav(`/tickets/${encodeURIComponent(done.number)}`)}>
          See your request
        </button>
      </div>
    );
  if (q.data && !delivery)
    return (
      <div className="p-card">
        <Banner>That is not one of your recent deliveries.</Banner>
        <Link className="p-btn" to="/">
          Back to your deliveries
        </Link>
      </div>
    );
  const fieldErr = (f: string) => fieldError(err, f);
  const other = err instanceof ApiError && !["category", "description", "photos", "requested_resolution", "items_affected"].includes(err.field ?? "");
  return (
    <form className="p-form" onSubmit={submit} data-testid="claim-form">
      <h1>Report a problem</h1>
      <p className="p-muted">
        Order <span className="p-mono">{so}</span>
      </p>
      {delivery && <WindowNote w={delivery.claim_window} />}
      <Field label="What went wrong?" error={fieldErr("category")}>
        {(p) => (
          <select {...p} name="category" required value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">Choose…</option>
            {groups.map((g) => (
              <optgroup key={g} label={g}>
                {me.categories
                  .filter((c) => (c.group_label ?? c.group) === g)
                  .map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
      {delivery && delivery.lines.length > 0 && (
        <fieldset className="p-checks">
          <legend>Which items?</legend>
          {delivery.lines.map((l) => (
            <label key={l.line_no}>
              <input
                type="checkbox"
                checked={items.includes(l.item)}
                onChange={(e) => setItems(e.target.checked ? [...items, l.item] : items.filter((i) => i !== l.item))}
              />
              {l.item}
            </label>
          ))}
        </fieldset>
      )}
      <Field label="Tell us what happened" error={fieldErr("description")}>
        {(p) => <textarea {...p} name="description" rows={4} required maxLength={20000} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      {me.resolutions.length > 0 && (
        <Field label="What would you like us to do?" error={fieldErr("requested_resolution")}>
          {(p) => (
            <select {...p} name="requested_resolution" value={resolution} onChange={(e) => setResolution(e.target.value)}>
              <option value="">Choose…</option>
              {me.resolutions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field
        label={cat?.photo_required ? "Photos (needed for this problem)" : "Photos (optional)"}
        hint="Take photos of the items and the packing."
        error={(photoMissing || fieldErr("photos")) && "This problem needs at least one photo: tap “Add a photo”."}
      >
        {(p) => (
          <label className="p-camera">
            <Camera size={22} aria-hidden="true" /> Add a photo
            <input
              {...p}
              name="photos"
              type="file"
              accept="image/*"
              capture="environment"
              multiple
              onChange={(e) => {
                // The same photo chosen twice is kept once.
                const same = (a: File, b: File) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
                const added = Array.from(e.target.files ?? []).filter((f) => !photos.some((p) => same(p, f)));
                setPhotos([...photos, ...added]);
                setPhotoMissing(false);
                e.target.value = "";
              }}
            />
          </label>
        )}
      </Field>
      {photos.length > 0 && (
        <ul className="p-thumbs" aria-label="Photos to send">
          {photos.map((_, i) => (
            <li key={i}>
              <img src={previews[i]} alt={`Photo ${i + 1}`} />
              <button type="button" className="p-icon-btn" aria-label={`Remove photo ${i + 1}`} onClick={() => setPhotos(photos.filter((_, j) => j !== i))}>
                <X size={16} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
      {err !== null && (other || !(err instanceof ApiError)) && <Banner>{errorText(err)}</Banner>}
      <button className="p-btn" disabled={busy}>
        {busy ? "Sending…" : `Send${photos.length ? ` with ${photos.length} photo${photos.length > 1 ? "s" : ""}` : ""}`}
      </button>
    </form>
  );
}
