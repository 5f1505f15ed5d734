// Zoho Books and WooCommerce (admins): each system's connection, whether it is on, and a
// "Test connection" that shows what the remote answered.  Secrets are write-only: a field
// left empty keeps the stored one.
import { Plug, Save, Zap } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { get, post, put } from "../api";
import { Banner, Field, Spinner, errorText } from "../components/ui";
import type { Schema } from "../schema";
import { Section, useSave } from "./parts";

type Settings = Schema<"IntegrationSettings">;
type TestResult = Schema<"IntegrationTestResult">;
type System = "zoho_books" | "woocommerce";

const DATA_CENTRES = ["in", "com", "eu", "com.au", "jp", "ca", "sa"];

export function IntegrationsSection() {
  return (
    <>
      <SystemCard system="zoho_books" />
      <SystemCard system="woocommerce" />
    </>
  );
}

function SystemCard({ system }: { system: System }) {
  const [s, setS] = useState<Settings | null>(null);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [test, setTest] = useState<TestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [testError, setTestError] = useState<string | null>(null);
  const save = useSave();
  const path = `/api/settings/integrations/${system}`;
  useEffect(() => {
    get<Settings>(path).then(setS, () => null);
  }, [path]);
  if (!s) return <Spinner />;
  const zoho = system === "zoho_books";
  const text = (key: keyof Settings) => (s[key] as string | null | undefined) ?? "";
  const setText = (key: keyof Settings) => (e: { target: { value: string } }) => setS({ ...s, [key]: e.target.value });
  const secret = (key: string, label: string, isSet: boolean | undefined, hint?: string) => (
    <Field label={label} hint={isSet ? "Set; leave empty to keep it." : hint}>
      {(p) => (
        <input
          {...p}
          type="password"
          autoComplete="new-password"
          value={secrets[key] ?? ""}
          onChange={(e) => setSecrets({ ...secrets, [key]: e.target.value })}
          data-testid={`secret-${key}`}
        />
      )}
    </Field>
  );

  function body(): Record<string, unknown> {
    const out: Record<string, unknown> = zoho
      ? {
          enabled: s!.enabled,
          data_centre: text("data_centre") || "in",
          accounts_url: text("accounts_url") || null,
          api_url: text("api_url") || null,
          web_url: text("web_url") || null,
          client_id: text("client_id") || null,
          organization_id: text("organization_id") || null,
        }
      : { enabled: s!.enabled, store_url: text("store_url") || null, api_refund: !!s!.api_refund };
    for (const [k, v] of Object.entries(secrets)) if (v) out[k] = v;
    return out;
  }

  async function runTest() {
    setTesting(true);
    setTest(null);
    setTestError(null);
    try {
      setTest(await post<TestResult>(path + "/test"));
    } catch (e) {
      setTestError(errorText(e));
    } finally {
      setTesting(false);
    }
  }

  return (
    <Section
      id={`int-${system}-h`}
      icon={<Plug size={18} aria-hidden="true" />}
      title={zoho ? "Zoho Books" : "WooCommerce"}
      sub={
        zoho
          ? "Credit notes and replacement sales orders of B2B tickets are posted here when decided."
          : "Refunds, store-credit coupons and replacement orders of B2C tickets are posted here; order numbers fill B2C tickets."
      }
    >
      <form
        className="stack"
        data-testid={`integration-${system}`}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save.run(
            () =>
              put<Settings>(path, body()).then((r) => {
                setS(r);
                setSecrets({});
              }),
            `${zoho ? "Zoho Books" : "WooCommerce"} saved.`,
          );
        }}
      >
        {save.banner}
        <label className="check">
          <input type="checkbox" checked={s.enabled} onChange={(e) => setS({ ...s, enabled: e.target.checked })} /> On: post decided resolutions
        </label>
        {zoho ? (
          <>
            <div className="field-pair">
              <Field label="Data centre">
                {(p) => (
                  <select
                    {...p}
                    value={text("data_centre") || "in"}
                    onChange={(e) =>
                      setS({ ...s, data_centre: e.target.value as Settings["data_centre"], accounts_url: undefined, api_url: undefined, web_url: undefined })
                    }
                  >
                    {DATA_CENTRES.map((d) => (
                      <option key={d} value={d}>
                        .{d}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Organization ID">{(p) => <input {...p} value={text("organization_id")} onChange={setText("organization_id")} />}</Field>
            </div>
            <Field label="Client ID">{(p) => <input {...p} value={text("client_id")} autoComplete="off" onChange={setText("client_id")} />}</Field>
            <div className="field-pair">
              {secret("client_secret", "Client secret", s.client_secret_set)}
              {secret("refresh_token", "Refresh token", s.refresh_token_set, "From Zoho's consent (access_type=offline).")}
            </div>
            <details>
              <summary className="small">Addresses (default: the data centre's)</summary>
              <Field label="Accounts server">{(p) => <input {...p} value={text("accounts_url")} onChange={setText("accounts_url")} />}</Field>
              <Field label="API root">{(p) => <input {...p} value={text("api_url")} onChange={setText("api_url")} />}</Field>
              <Field label="Web app (for links)">{(p) => <input {...p} value={text("web_url")} onChange={setText("web_url")} />}</Field>
            </details>
          </>
        ) : (
          <>
            <Field label="Store URL" hint="https://shop.example.com">
              {(p) => <input {...p} type="url" value={text("store_url")} onChange={setText("store_url")} />}
            </Field>
            <div className="field-pair">
              {secret("consumer_key", "Consumer key", s.consumer_key_set, "ck_…")}
              {secret("consumer_secret", "Consumer secret", s.consumer_secret_set, "cs_…")}
            </div>
            <label className="check">
              <input type="checkbox" checked={!!s.api_refund} onChange={(e) => setS({ ...s, api_refund: e.target.checked })} /> Refund through the payment
              gateway (off: record a manual refund)
            </label>
          </>
        )}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            <Save size={16} aria-hidden="true" /> Save
          </button>
          <button type="button" className="btn" onClick={() => void runTest()} disabled={testing} data-testid={`test-${system}`}>
            <Zap size={16} aria-hidden="true" /> {testing ? "Testing…" : "Test connection"}
          </button>
        </div>
        {testError && <Banner onClose={() => setTestError(null)}>{testError}</Banner>}
        {test && (
          <Banner kind={test.ok ? "success" : "error"} onClose={() => setTest(null)}>
            <span data-testid={`test-result-${system}`}>
              {test.message}
              {test.status ? ` (HTTP ${test.status})` : ""}
            </span>
          </Banner>
        )}
      </form>
    </Section>
  );
}
