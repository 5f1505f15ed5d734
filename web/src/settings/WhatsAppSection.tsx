// Settings, admins: the WhatsApp Cloud API connection (Graph API address, phone-number id,
// access token, verify token, app secret — the secrets are write-only), the templates used
// outside the 24-hour window, the acknowledgement, customer notifications, and a test of the
// connection that shows what the remote said.
import { MessageCircle, PlugZap, Save } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { get, post, put } from "../api";
import { Banner, Field, Spinner, errorText } from "../components/ui";
import type { Schema } from "../schema";
import { Section, useSave } from "./parts";

type Settings = Schema<"WhatsAppSettings">;
type Test = Schema<"WhatsAppTestResult">;
const SECRETS = ["access_token", "verify_token", "app_secret"] as const;

export function WhatsAppSection() {
  const [s, setS] = useState<Settings | null>(null);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [test, setTest] = useState<Test | null>(null);
  const [testErr, setTestErr] = useState<string | null>(null);
  const save = useSave();
  useEffect(() => {
    get<Settings>("/api/settings/integrations/whatsapp").then(setS, () => null);
  }, []);
  if (!s) return <Spinner />;
  const text = (k: keyof Settings, label: string, hint?: string) => (
    <Field label={label} hint={hint}>
      {(p) => <input {...p} value={(s[k] as string | null) ?? ""} onChange={(e) => setS({ ...s, [k]: e.target.value })} />}
    </Field>
  );
  return (
    <Section
      id="wa-h"
      icon={<MessageCircle size={18} aria-hidden="true" />}
      title="WhatsApp"
      sub="The WhatsApp Business Cloud API: customers’ messages come in, replies and notifications go out."
    >
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const body: Record<string, unknown> = {
            enabled: s.enabled,
            api_base_url: s.api_base_url,
            phone_number_id: s.phone_number_id ?? "",
            template_language: s.template_language,
            ack_template: s.ack_template,
            notification_template: s.notification_template,
            ack_text: s.ack_text,
            notify_customers: s.notify_customers,
          };
          for (const k of SECRETS) if (secrets[k]) body[k] = secrets[k];
          void save.run(
            () =>
              put<Settings>("/api/settings/integrations/whatsapp", body).then((r) => {
                setS(r);
                setSecrets({});
              }),
            "WhatsApp saved.",
          );
        }}
      >
        {save.banner}
        <label className="check">
          <input type="checkbox" checked={s.enabled} onChange={(e) => setS({ ...s, enabled: e.target.checked })} /> On
        </label>
        {text("api_base_url", "Graph API address", "With its version, e.g. https://graph.facebook.com/v21.0")}
        {text("phone_number_id", "Phone-number id", "From WhatsApp Manager; not the phone number itself.")}
        <div className="field-pair">
          {SECRETS.map((k) => (
            <Field
              key={k}
              label={k === "access_token" ? "Access token" : k === "verify_token" ? "Verify token" : "App secret"}
              hint={s[`${k}_set`] ? "Set; leave empty to keep it." : "Not set."}
            >
              {(p) => (
                <input
                  {...p}
                  type="password"
                  autoComplete="new-password"
                  value={secrets[k] ?? ""}
                  onChange={(e) => setSecrets({ ...secrets, [k]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
        <div className="field-pair">
          {text("ack_template", "Acknowledgement template", "Outside the 24-hour window.")}
          {text("notification_template", "Update template", "Replies and notifications outside the window: {{1}} ticket, {{2}} text.")}
        </div>
        {text("template_language", "Template language")}
        <Field label="Acknowledgement" hint="Sent once per conversation and window when a customer writes.">
          {(p) => <textarea {...p} rows={2} value={s.ack_text} onChange={(e) => setS({ ...s, ack_text: e.target.value })} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={s.notify_customers} onChange={(e) => setS({ ...s, notify_customers: e.target.checked })} /> Tell customers when a
          claim is received and resolved (WhatsApp, else email)
        </label>
        {test && (
          <Banner kind={test.ok ? "success" : "error"} onClose={() => setTest(null)}>
            <span data-testid="wa-test-result">
              {test.ok ? `Connected: ${test.verified_name ?? ""} ${test.display_phone_number ?? ""}` : `WhatsApp said: ${test.message}`}
            </span>
          </Banner>
        )}
        {testErr && <Banner onClose={() => setTestErr(null)}>{testErr}</Banner>}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            <Save size={16} aria-hidden="true" /> Save WhatsApp
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setTest(null);
              setTestErr(null);
              post<Test>("/api/settings/integrations/whatsapp/test").then(setTest, (e) => setTestErr(errorText(e)));
            }}
          >
            <PlugZap size={16} aria-hidden="true" /> Test connection
          </button>
        </div>
      </form>
    </Section>
  );
}
