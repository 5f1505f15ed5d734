import { Apple, Carrot, Sprout } from "lucide-react";
import { useState, type FormEvent } from "react";
import { ApiError, post, type User } from "../api";
import { Banner, Field, errorText } from "../components/ui";

export function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: (u: User) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await post<{ user: User }>("/api/auth/login", { email, password });
      onSignedIn(r.user);
    } catch (err) {
      setError({ field: err instanceof ApiError ? err.field : null, message: errorText(err) });
      setBusy(false);
    }
  }

  const fieldError = (f: string) => (error && error.field === f ? error.message : null);
  const general = error && error.field !== "email" && error.field !== "password" ? error.message : null;

  return (
    <div className="signin">
      <div className="signin-art" aria-hidden="true">
        <div className="signin-art-inner">
          <span className="brand-mark big">
            <Sprout size={34} />
          </span>
          <h2>Every crate, every complaint, resolved fairly.</h2>
          <p>B2B kitchens, home deliveries and ERP issues in one calm queue.</p>
          <div className="produce">
            <Carrot size={28} />
            <Apple size={28} />
            <Sprout size={28} />
          </div>
        </div>
      </div>
      <main className="signin-panel" id="main">
        <div className="signin-brand" aria-hidden="true">
          <span className="brand-mark">
            <Sprout size={20} />
          </span>
          <span className="brand-name">
            ticketd<span className="brand-sub">Fresh produce support</span>
          </span>
        </div>
        <form className="card signin-card" onSubmit={submit} noValidate>
          <h1>Sign in to ticketd</h1>
          <p className="muted">Use your staff account.</p>
          {notice && !error && <Banner kind="info">{notice}</Banner>}
          {general && <Banner>{general}</Banner>}
          <Field label="Email" error={fieldError("email")}>
            {(p) => <input {...p} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />}
          </Field>
          <Field label="Password" error={fieldError("password")}>
            {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </main>
    </div>
  );
}
