// Settings: reply templates (create, edit, delete).
import { FileText } from "lucide-react";
import { useState, type FormEvent } from "react";
import { del, post, put, type Kind, type Template } from "../api";
import { Field, Spinner } from "../components/ui";
import { KIND_SHORT, codeLabel } from "../labels";
import { refresh, useApi } from "../query";
import { useSession } from "../session";
import { Section, useSave } from "./parts";

type TemplateDraft = { name: string; kind: string; channel: string; subject: string; body: string; categories: string[] };

export function TemplatesSection() {
  const { kinds, catalog } = useSession();
  const blank = (): TemplateDraft => ({ name: "", kind: "", channel: catalog.reply_channels[0] ?? "email", subject: "", body: "", categories: [] });
  const q = useApi<{ items: Template[] }>("/api/templates");
  const items = q.error ? [] : (q.data?.items ?? null);
  const [t, setT] = useState<TemplateDraft>(blank);
  const [editing, setEditing] = useState<Template | null>(null);
  const save = useSave();
  const load = () => refresh("/api/templates");
  const edit = (x: Template) => {
    setEditing(x);
    setT({ name: x.name, kind: x.kind ?? "", channel: x.channel ?? "email", subject: x.subject ?? "", body: x.body, categories: x.categories ?? [] });
    document.getElementById("tpl-form")?.scrollIntoView({ block: "nearest" });
  };
  const reset = () => {
    setEditing(null);
    setT(blank());
  };
  return (
    <Section
      id="tpl-h"
      icon={<FileText size={18} aria-hidden="true" />}
      title="Reply templates"
      sub="Placeholders like {{customer.name}} and {{ticket.number}} are filled in when sent."
    >
      {save.banner}
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="muted">No templates yet.</p>
      ) : (
        <ul className="templates" role="list">
          {items.map((x) => (
            <li key={x.template_id} data-testid="template" data-name={x.name}>
              <div className="team-head">
                <span>
                  <strong>{x.name}</strong>{" "}
                  <span className="muted small">
                    · {x.kind ? KIND_SHORT[x.kind as Kind] : "B2B and B2C"} · {codeLabel(x.channel)}
                  </span>
                </span>
                <span className="btn-row">
                  <button type="button" className="btn btn-sm btn-ghost" onClick={() => edit(x)}>
                    Edit <span className="sr-only">{x.name}</span>
                  </button>
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost danger-text"
                    disabled={save.busy}
                    onClick={() => {
                      if (!window.confirm(`Delete the template “${x.name}”?`)) return;
                      void save.run(
                        () =>
                          del(`/api/templates/${x.template_id}`).then(() => {
                            if (editing?.template_id === x.template_id) reset();
                            return load();
                          }),
                        `Template ${x.name} deleted.`,
                      );
                    }}
                  >
                    Delete <span className="sr-only">{x.name}</span>
                  </button>
                </span>
              </div>
              <p className="small prewrap muted">{x.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form
        id="tpl-form"
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const body = {
            name: t.name,
            kind: t.kind || null,
            channel: t.channel,
            subject: t.channel === "email" ? t.subject || null : null,
            body: t.body,
            categories: t.categories.length ? t.categories : null,
          };
          void save.run(
            () =>
              (editing ? put(`/api/templates/${editing.template_id}`, body) : post("/api/templates", body)).then(() => {
                reset();
                return load();
              }),
            editing ? `Template ${t.name} saved.` : "Template created.",
          );
        }}
      >
        <h3 className="mini-h">{editing ? `Edit “${editing.name}”` : "New template"}</h3>
        <Field label="Template name">{(p) => <input {...p} value={t.name} onChange={(e) => setT({ ...t, name: e.target.value })} />}</Field>
        <div className="field-pair">
          <Field label="For">
            {(p) => (
              <select {...p} value={t.kind} onChange={(e) => setT({ ...t, kind: e.target.value, categories: [] })}>
                <option value="">B2B and B2C</option>
                {kinds
                  .filter((k) => k !== "internal")
                  .map((k) => (
                    <option key={k} value={k}>
                      {KIND_SHORT[k]}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label="Channel">
            {(p) => (
              <select {...p} value={t.channel} onChange={(e) => setT({ ...t, channel: e.target.value })}>
                {catalog.reply_channels.map((k) => (
                  <option key={k} value={k}>
                    {codeLabel(k)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {t.channel === "email" && (
          <Field label="Subject">{(p) => <input {...p} value={t.subject} onChange={(e) => setT({ ...t, subject: e.target.value })} />}</Field>
        )}
        <Field label="Message">{(p) => <textarea {...p} rows={3} value={t.body} onChange={(e) => setT({ ...t, body: e.target.value })} />}</Field>
        {t.categories.length > 0 && <p className="muted small">For {t.categories.length} categories (kept as they are).</p>}
        <div className="btn-row">
          <button type="submit" className="btn" disabled={save.busy || !t.name.trim() || !t.body.trim()}>
            {editing ? "Save changes" : "Save template"}
          </button>
          {editing && (
            <button type="button" className="btn btn-ghost" onClick={reset}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </Section>
  );
}
