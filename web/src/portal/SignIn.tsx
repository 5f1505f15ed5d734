// Signing in: a home customer asks for a one-time code (the email or phone of an order, and
// its number) and types it; a hotel's or restaurant's contact uses their password.
import { useState, type FormEvent } from "react";
import { post, type Me } from "./api";
import { Banner, Field, errorText, fieldError, useTitle } from "./ui";

type Step = { kind: "ask" } | { kind: "code"; to: string; message: string };

function CodeSignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [step, setStep] = useState<Step>({ kind: "ask" });
  const [to, setTo] = useState("");
  const [order, setOrder] = useState("");
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const r = await post<{ message: string }>("/api/portal/auth/code", { to: to.trim(), order: order.trim() });
      setStep({ kind: "code", to: to.trim(), message: r.message });
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  const verify = async (e: FormEvent) => {
    e.preventDefault();
    if (step.kind !== "code") return;
    setBusy(true);
    setErr(null);
    try {
      const r = await post<{ me: Me }>("/api/portal/auth/verify", { to: step.to, code: code.trim() });
      onSignedIn(r.me);
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };

  if (step.kind === "code")
    return (
      <form onSubmit={verify} className="p-form" data-testid="code-form">
        <Banner kind="info">{step.message}</Banner>
        <Field label="The 6-digit code" error={fieldError(err, "code")}>
          {(p) => (
            <input
              {...p}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
            />
          )}
        </Field>
        {err !== null && !fieldError(err, "code") && <Banner>{errorText(err)}</Banner>}
        <button className="p-btn" disabled={busy || code.length !== 6}>
          {busy ? "Checking…" : "Sign in"}
        </button>
        <button type="button" className="p-btn p-btn-quiet" onClick={() => setStep({ kind: "ask" })}>
          Ask for a new code
        </button>
      </form>
    );
  return (
    <form onSubmit={ask} className="p-form" data-testid="ask-form">
      <Field label="Email or phone number" hint="The one you gave with your order." error={fieldError(err, "to")}>
        {(p) => <input {...p} name="to" autoComplete="email" required value={to} onChange={(e) => setTo(e.target.value)} />}
      </Field>
      <Field label="Order number" hint="On your order confirmation, e.g. WC-58213." error={fieldError(err, "order")}>
        {(p) => <input {...p} name="order" required autoCapitalize="characters" value={order} onChange={(e) => setOrder(e.target.value)} />}
      </Field>
      {err !== null && !fieldError(err, "to") && !fieldError(err, "order") && <Banner>{errorText(err)}</Banner>}
      <button className="p-btn" disabled={busy}>
        {busy ? "Sending…" : "Send me a code"}
      </button>
    </form>
  );
}

function PasswordSignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      onSignedIn((await post<{ me: Me }>("/api/portal/auth/password", { email: email.trim(), password })).me);
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="p-form" data-testid="password-form">
      <Field label="Email">
        {(p) => <input {...p} name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field label="Password">
        {(p) => (
          <input
            {...p}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      {err !== null && <Banner>{errorText(err)}</Banner>}
      <button className="p-btn" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  useTitle("Sign in");
  const [tab, setTab] = useState<"home" | "business">("home");
  return (
    <div className="p-card p-signin">
      <h1>Report a problem with a delivery</h1>
      <p className="p-muted">Sign in to see your deliveries, send us photos and follow your requests.</p>
      <div className="p-seg" role="tablist" aria-label="Who are you?">
        <button role="tab" type="button" aria-selected={tab === "home"} onClick={() => setTab("home")}>
          Home delivery
        </button>
        <button role="tab" type="button" aria-selected={tab === "business"} onClick={() => setTab("business")}>
          Hotel or restaurant
        </button>
      </div>
      <div role="tabpanel">{tab === "home" ? <CodeSignIn onSignedIn={onSignedIn} /> : <PasswordSignIn onSignedIn={onSignedIn} />}</div>
    </div>
  );
}
