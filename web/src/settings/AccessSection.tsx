// API tokens (issue 18): the caller's own (admins: everyone's), made with a scope, the ticket
// kinds they reach and an expiry, the secret shown once, and revoked; and, for admins, how
// long a session lasts (idle timeout and absolute limit, part of the workflow settings).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, KeyRound, Save, Timer, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { del, get, post, put, KINDS, type Kind } from "../api";
import { Banner, Field, Spinner, errorText } from "../components/ui";
import { KIND_SHORT } from "../labels";
import type { Schema } from "../schema";
import { fmtDate } from "../time";
import { Section, useSave } from "./parts";

type Token = Schema<"Token">;
type TokenCreated = Schema<"TokenCreated">;
type Workflow = Schema<"WorkflowSettings">;

const EXPIRY_CHOICES: { label: string; days: number | null }[] = [
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
  { label: "Never", days: null },
];

export function AccessSection({ admin }: { admin: boolean }) {
  return (
    <>
      <TokensSection admin={admin} />
      <SessionsSection admin={admin} />
    </>
  );
}

function TokensSection({ admin }: { admin: boolean }) {
  const qc = useQueryClient();
  const [everyone, setEveryone] = useState(false);
  const path = everyone ? "/api/tokens?all=true" : "/api/tokens";
  const tokens = useQuery({ queryKey: [path], queryFn: () => get<{ items: Token[] }>(path) });
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [kinds, setKinds] = useState<Kind[]>([...KINDS]);
  const [expiry, setExpiry] = useState(1);
  const [secret, setSecret] = useState<TokenCreated | null>(null);
  const [copied, setCopied] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: ["/api/tokens"] }).then(() => qc.invalidateQueries({ queryKey: ["/api/tokens?all=true"] }));
  const create = useMutation({
    mutationFn: () =>
      post<TokenCreated>("/api/tokens", {
        name: name.trim(),
        scope,
        kinds: kinds.length === KINDS.length ? null : kinds,
        expires_in_days: EXPIRY_CHOICES[expiry].days,
      }),
    onSuccess: (t) => {
      setSecret(t);
      setCopied(false);
      setName("");
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: number) => del<Token>(`/api/tokens/${id}`),
    onSuccess: () => void refresh(),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() && kinds.length) create.mutate();
  };
  const toggleKind = (k: Kind) => setKinds(kinds.includes(k) ? kinds.filter((x) => x !== k) : KINDS.filter((x) => x === k || kinds.includes(x)));

  return (
    <Section
      id="tokens-h"
      icon={<KeyRound size={18} aria-hidden="true" />}
      title="API tokens"
      sub="For scripts and other systems: each acts as you, limited to reading or also changing, to some ticket kinds, until it expires."
    >
      {secret && (
        <Banner kind="success" onClose={() => setSecret(null)}>
          <span>
            Token “{secret.name}” made. Copy it now: it is not shown again.
            <code className="token-secret" data-testid="token-secret" style={{ display: "block", wordBreak: "break-all", margin: "0.4rem 0" }}>
              {secret.token}
            </code>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() =>
                void navigator.clipboard?.writeText(secret.token).then(
                  () => setCopied(true),
                  () => null,
                )
              }
            >
              <Copy size={14} aria-hidden="true" /> {copied ? "Copied" : "Copy"}
            </button>
          </span>
        </Banner>
      )}
      {create.isError && <Banner>{errorText(create.error)}</Banner>}
      {revoke.isError && <Banner>{errorText(revoke.error)}</Banner>}
      {admin && (
        <label className="switch">
          <input type="checkbox" checked={everyone} onChange={(e) => setEveryone(e.target.checked)} /> Everyone's tokens
        </label>
      )}
      {tokens.isPending ? (
        <Spinner />
      ) : tokens.isError ? (
        <Banner>{errorText(tokens.error)}</Banner>
      ) : tokens.data.items.length === 0 ? (
        <p className="muted small">No API tokens yet.</p>
      ) : (
        <ul className="teams users" role="list" aria-label="API tokens">
          {tokens.data.items.map((t) => (
            <li key={t.token_id} className="member" data-testid="token" data-name={t.name}>
              <span>
                <strong>{t.name}</strong>{" "}
                <span className="muted small">
                  · {t.scope === "read" ? "read only" : "read and write"} · {t.kinds.map((k) => KIND_SHORT[k as Kind]).join(", ")}
                  {everyone && ` · ${t.user_email}`}
                </span>
                <span className="muted small user-email">
                  {t.revoked_at
                    ? `Revoked ${fmtDate(t.revoked_at)}`
                    : !t.active
                      ? `Expired ${fmtDate(t.expires_at)}`
                      : t.expires_at
                        ? `Expires ${fmtDate(t.expires_at)}`
                        : "Never expires"}
                </span>
              </span>
              {t.active && (
                <button
                  type="button"
                  className="btn btn-sm"
                  disabled={revoke.isPending}
                  onClick={() => {
                    if (window.confirm(`Revoke “${t.name}”? Whatever uses it stops working at once.`)) revoke.mutate(t.token_id);
                  }}
                >
                  <Trash2 size={14} aria-hidden="true" /> Revoke<span className="sr-only"> {t.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={submit} aria-label="Make an API token">
        <h3 className="mini-h">New token</h3>
        <Field label="Name" required hint="What uses it, such as the ERP's sync.">
          {(p) => <input {...p} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <div className="field-pair">
          <Field label="Access">
            {(p) => (
              <select {...p} value={scope} onChange={(e) => setScope(e.target.value as "read" | "write")}>
                <option value="read">Read only</option>
                <option value="write">Read and write</option>
              </select>
            )}
          </Field>
          <Field label="Expires after">
            {(p) => (
              <select {...p} value={expiry} onChange={(e) => setExpiry(Number(e.target.value))}>
                {EXPIRY_CHOICES.map((c, i) => (
                  <option key={c.label} value={i}>
                    {c.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="kind-choice" style={{ border: "none", padding: 0, margin: 0 }}>
          <legend>Ticket kinds it reaches</legend>
          {KINDS.map((k) => (
            <label key={k} className="switch">
              <input type="checkbox" checked={kinds.includes(k)} onChange={() => toggleKind(k)} /> {KIND_SHORT[k]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn btn-primary" disabled={create.isPending || !name.trim() || !kinds.length}>
          <KeyRound size={16} aria-hidden="true" /> Make token
        </button>
      </form>
    </Section>
  );
}

function SessionsSection({ admin }: { admin: boolean }) {
  const qc = useQueryClient();
  const wf = useQuery({ queryKey: ["/api/settings/workflow"], queryFn: () => get<Workflow>("/api/settings/workflow") });
  const [idle, setIdle] = useState<number | null>(null);
  const [max, setMax] = useState<number | null>(null);
  const save = useSave();
  if (wf.isPending) return <Spinner />;
  if (wf.isError) return <Banner>{errorText(wf.error)}</Banner>;
  const idleV = idle ?? wf.data.session_idle_hours;
  const maxV = max ?? wf.data.session_max_days;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The workflow settings are replaced whole: read them fresh, change the two lengths.
    void save.run(
      () =>
        get<Workflow>("/api/settings/workflow")
          .then((w) => put<Workflow>("/api/settings/workflow", { ...w, session_idle_hours: idleV, session_max_days: maxV }))
          .then((w) => {
            qc.setQueryData(["/api/settings/workflow"], w);
            setIdle(null);
            setMax(null);
          }),
      "Session lengths saved.",
    );
  };
  return (
    <Section
      id="sessions-h"
      icon={<Timer size={18} aria-hidden="true" />}
      title="Sessions"
      sub="A sign-in lasts while it is used, up to a limit; changes apply to the next sign-in's limit."
    >
      <form onSubmit={submit} aria-label="Session lengths">
        {save.banner}
        <div className="field-pair">
          <Field label="Signed out after idle (hours)" hint="1 to 720; default 12.">
            {(p) => <input {...p} type="number" min="1" max="720" disabled={!admin} value={idleV} onChange={(e) => setIdle(Number(e.target.value))} />}
          </Field>
          <Field label="Signed out after at most (days)" hint="1 to 365; default 7.">
            {(p) => <input {...p} type="number" min="1" max="365" disabled={!admin} value={maxV} onChange={(e) => setMax(Number(e.target.value))} />}
          </Field>
        </div>
        {admin && (
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            <Save size={16} aria-hidden="true" /> Save session lengths
          </button>
        )}
      </form>
    </Section>
  );
}
