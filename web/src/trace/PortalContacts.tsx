// The customer portal on a customer's page (issue 16): a hotel's or restaurant's contacts
// who may sign in to the portal (add, deactivate), and a sign-in link for a contact or a
// home customer (made, and sent by WhatsApp or email when asked).
import { Link2, UserPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { post, put } from "../api";
import { refresh, useApi } from "../query";
import type { Schema } from "../schema";
import { Banner, Field, errorText } from "../components/ui";
import "./portalContacts.css";

type Contact = Schema<"PortalContact">;
type LinkMade = Schema<"PortalLinkCreated">;

// The link as the customer will open it: whole (the server gives a path when the portal's
// public address is not set, and this page's own address is the portal's then), wrapping on
// a phone, with a button that copies it.
function MadeLink({ made }: { made: LinkMade }) {
  const url = new URL(made.url, window.location.origin).href;
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Banner kind="success">
      {made.sent_by ? `Sent by ${made.sent_by === "email" ? "email" : "WhatsApp"}. ` : ""}
      Single-use link, good for 3 days:{" "}
      <code className="made-link" data-testid="portal-link">
        {url}
      </code>{" "}
      {navigator.clipboard && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy"}
        </button>
      )}
    </Banner>
  );
}

function LinkButton({ customer, contact, label }: { customer: string; contact?: number; label: string }) {
  const [made, setMade] = useState<LinkMade | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const make = async (send: boolean) => {
    setErr(null);
    try {
      setMade(await post<LinkMade>(`/api/customers/${encodeURIComponent(customer)}/portal-link`, contact ? { contact_id: contact, send } : { send }));
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <div className="stack">
      <div className="btn-row">
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void make(false)}>
          <Link2 size={16} aria-hidden="true" /> {label}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void make(true)}>
          Send it to them
        </button>
      </div>
      {err && <Banner>{err}</Banner>}
      {made && <MadeLink made={made} />}
    </div>
  );
}

function AddContact({ customer }: { customer: string }) {
  const [f, setF] = useState({ name: "", role: "", email: "", phone: "", password: "" });
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await post(`/api/customers/${encodeURIComponent(customer)}/contacts`, {
        name: f.name,
        role: f.role || null,
        email: f.email || null,
        phone: f.phone || null,
        password: f.password || null,
      });
      setF({ name: "", role: "", email: "", phone: "", password: "" });
      await refresh(`/api/customers/${encodeURIComponent(customer)}/contacts`);
    } catch (x) {
      setErr(errorText(x));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Add a portal contact">
      <Field label="Name" required>
        {(p) => <input {...p} value={f.name} onChange={set("name")} required />}
      </Field>
      <Field label="Role" hint="Chef, purchase manager…">
        {(p) => <input {...p} value={f.role} onChange={set("role")} />}
      </Field>
      <Field label="Email">{(p) => <input {...p} type="email" value={f.email} onChange={set("email")} />}</Field>
      <Field label="Phone">{(p) => <input {...p} type="tel" value={f.phone} onChange={set("phone")} />}</Field>
      <Field label="Portal password" hint="Optional, 8+ characters; without one they sign in by a link.">
        {(p) => <input {...p} type="password" autoComplete="new-password" value={f.password} onChange={set("password")} />}
      </Field>
      {err && <Banner>{err}</Banner>}
      <button className="btn" disabled={busy}>
        <UserPlus size={16} aria-hidden="true" /> Add contact
      </button>
    </form>
  );
}

export function PortalContacts({ customer, type }: { customer: string; type: string }) {
  const path = `/api/customers/${encodeURIComponent(customer)}/contacts`;
  const q = useApi<{ items: Contact[] }>(type !== "home" && path);
  const [err, setErr] = useState<string | null>(null);
  const toggle = async (c: Contact) => {
    try {
      await put(`${path}/${c.contact_id}`, { active: !c.active });
      await refresh(path);
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <section className="card" aria-labelledby="portal-h" data-testid="portal-contacts">
      <h2 id="portal-h">Customer portal</h2>
      {type === "home" ? (
        <>
          <p className="muted">They sign in with a code sent to their email or phone, or with a link from you.</p>
          <LinkButton customer={customer} label="Make a sign-in link" />
        </>
      ) : (
        <>
          <p className="muted">The people here sign in to the portal and see the company's tickets.</p>
          {q.error && <Banner>{errorText(q.error)}</Banner>}
          {err && <Banner>{err}</Banner>}
          <ul className="portal-contacts">
            {q.data?.items.map((c) => (
              <li key={c.contact_id} data-testid="portal-contact">
                <strong>{c.name}</strong>
                {c.role ? ` · ${c.role}` : ""} <span className="muted small">{[c.email, c.phone].filter(Boolean).join(" · ")}</span>
                {!c.active && <span className="muted small"> (deactivated)</span>}
                <div className="btn-row">
                  {c.active && <LinkButton customer={customer} contact={c.contact_id} label="Sign-in link" />}
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => void toggle(c)}>
                    {c.active ? "Deactivate" : "Reactivate"}
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {q.data?.items.length === 0 && <p className="muted">No contacts yet.</p>}
          <AddContact customer={customer} />
        </>
      )}
    </section>
  );
}
