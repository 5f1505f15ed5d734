// Settings (admins): the mail server email notifications and replies go out through.  The
// password is never sent back: the server says whether one is set.
import { Mail, Save } from "lucide-react";
import { useState, type FormEvent } from "react";
import { put } from "../api";
import { Field, Spinner } from "../components/ui";
import { Section, useSave, useSetting } from "./parts";

interface Smtp {
  url: string | null;
  starttls: boolean;
  username: string | null;
  password_set: boolean;
  from: string | null;
}

export function SmtpSection() {
  const { value: s, set: setS, saved } = useSetting<Smtp>("/api/settings/smtp");
  const [password, setPassword] = useState("");
  const save = useSave();
  if (!s) return <Spinner />;
  return (
    <Section
      id="smtp-h"
      icon={<Mail size={18} aria-hidden="true" />}
      title="Mail server"
      sub="Email notifications and replies go out through this SMTP server."
    >
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const body: Record<string, unknown> = { url: s.url ?? "", starttls: s.starttls, username: s.username ?? "", from: s.from ?? "" };
          if (password) body.password = password;
          void save.run(() => put<Smtp>("/api/settings/smtp", body).then(saved), "Mail server saved.");
        }}
      >
        {save.banner}
        <Field label="Server URL" hint="smtp://host:587 or smtps://host:465">
          {(p) => <input {...p} value={s.url ?? ""} onChange={(e) => setS({ ...s, url: e.target.value })} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={s.starttls} onChange={(e) => setS({ ...s, starttls: e.target.checked })} /> Require STARTTLS
        </label>
        <div className="field-pair">
          <Field label="Username">
            {(p) => <input {...p} value={s.username ?? ""} autoComplete="off" onChange={(e) => setS({ ...s, username: e.target.value })} />}
          </Field>
          <Field label="Password" hint={s.password_set ? "Set; leave empty to keep it." : undefined}>
            {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
        </div>
        <Field label="From address">{(p) => <input {...p} type="email" value={s.from ?? ""} onChange={(e) => setS({ ...s, from: e.target.value })} />}</Field>
        <button type="submit" className="btn btn-primary" disabled={save.busy}>
          <Save size={16} aria-hidden="true" /> Save mail server
        </button>
      </form>
    </Section>
  );
}
