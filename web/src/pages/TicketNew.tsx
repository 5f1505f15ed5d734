// Create a ticket of one kind.  Every dropdown comes from /api/catalog; the server decides
// what is required and its errors are shown next to the field they name.
import { ArrowLeft, PackageSearch } from "lucide-react";
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { type Customer, type Kind, type KindCatalog, type OrderContext } from "../api";
import { capture, discard, queuedTicket, sendWaiting, type QueuedTicket } from "../offline/queue";
import { CustomerPicker } from "../components/CustomerPicker";
import { PolicyWindowIndicator } from "../components/PolicyWindow";
import { PhotoPicker } from "../tickets/PhotoPicker";
import { Banner, Field, errorText } from "../components/ui";
import { CUSTOMER_TYPE, KIND_NOUN, KIND_SHORT, KIND_WORD, humanize, money, qty } from "../labels";
import type { Reply, Schema } from "../schema";
import { useApi } from "../query";
import { useSession, useTitle } from "../session";
import { fmtDate, isoInZone, zonedInstant } from "../time";
import { WooFetch, fillEmpty } from "../tickets/WooFetch";

type Values = Record<string, string>;
type Errors = Record<string, string>;

const PREFER_B2B = ["hotel", "restaurant"];
const PREFER_B2C = ["home"];

function CategorySelect({
  kc,
  ...p
}: {
  kc: KindCatalog;
  id: string;
  value: string;
  onChange: (v: string) => void;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
}) {
  const { onChange, ...rest } = p;
  return (
    <select {...rest} onChange={(e) => onChange(e.target.value)}>
      <option value="">Choose a category…</option>
      {kc.category_groups.map((g) =>
        g.categories.length === 1 && g.categories[0].label === g.label ? (
          <option key={g.code} value={g.categories[0].code}>
            {g.label}
          </option>
        ) : (
          <optgroup key={g.code} label={g.label}>
            {g.categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </optgroup>
        ),
      )}
    </select>
  );
}

function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <fieldset className="section">
      <legend>{title}</legend>
      {aside}
      <div className="grid">{children}</div>
    </fieldset>
  );
}

export function TicketNew({ kind }: { kind: Kind }) {
  const { catalog, me } = useSession();
  const kc = catalog.kinds[kind];
  const navigate = useNavigate();
  useTitle(`New ${KIND_WORD[kind]} ticket`);
  const [v, setV] = useState<Values>({ priority: kc.priorities.find((p) => p.code === "medium")?.code ?? "" });
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [deliveryTime, setDeliveryTime] = useState("");
  const [photos, setPhotos] = useState<File[]>([]);
  const formRef = useRef<HTMLFormElement>(null);

  // A ticket the server refused from the waiting list (offline/Outbox.tsx), opened here to be
  // fixed: its values, photos and the server's errors; sending it again replaces it.
  const draftId = (useLocation().state as { draft?: string } | null)?.draft;
  const [draft, setDraft] = useState<QueuedTicket | null>(null);
  useEffect(() => {
    if (!draftId) return;
    void queuedTicket(draftId).then((t) => {
      if (!t || t.kind !== kind) return;
      setDraft(t);
      const values = { ...t.body };
      if (kind === "b2c" && values.delivery_date?.includes("T")) {
        setDeliveryTime(values.delivery_date.slice(11, 16));
        values.delivery_date = values.delivery_date.slice(0, 10);
      }
      setV((prev) => ({ ...prev, ...values }));
      if (kind === "b2b" && values.customer_id) setCustomer({ customer_id: values.customer_id, name: values.customer_id, type: "", phone: null, email: null });
      setPhotos(t.files.map((f) => new File([f.blob], f.name, { type: f.type })));
      const found: Errors = {};
      for (const fe of t.errors ?? []) found[fe.field] = humanize(fe.message);
      setErrors(found);
      setBanner(t.error ?? null);
    });
  }, [draftId, kind]);

  const category = useMemo(() => {
    for (const g of kc.category_groups) for (const c of g.categories) if (c.code === v.category) return { ...c, group: g.code };
    return null;
  }, [kc, v.category]);

  const set = (f: string) => (value: string) => {
    setV((prev) => ({ ...prev, [f]: value }));
    if (errors[f]) {
      setErrors((prev) => ({ ...prev, [f]: "" }));
      setBanner(null);
    }
  };
  const err = (f: string) => errors[f] || null;
  const fid = (f: string) => "f-" + f;

  // B2B: the sales order, looked up as it is typed (once typing pauses), through the cache.
  const typedSo = kind === "b2b" ? (v.so_id ?? "").trim() : "";
  const [so, setSo] = useState("");
  useEffect(() => {
    const t = window.setTimeout(() => setSo(typedSo), typedSo ? 300 : 0);
    return () => window.clearTimeout(t);
  }, [typedSo]);
  const orderQ = useApi<OrderContext>(so && "/api/orders/" + encodeURIComponent(so), { retry: false });
  const order: { so: string; ctx: OrderContext | null; error?: string } | null = !so
    ? null
    : orderQ.data
      ? { so, ctx: orderQ.data }
      : orderQ.error
        ? { so, ctx: null, error: errorText(orderQ.error) }
        : null;
  // A found order fills in its delivery date, and its invoice when it has one.
  useEffect(() => {
    const ctx = orderQ.data;
    if (!ctx) return;
    setV((prev) => ({
      ...prev,
      delivery_date: prev.delivery_date || ctx.order.delivery_date || "",
      invoice_id: prev.invoice_id || (ctx.invoices.length === 1 ? ctx.invoices[0].invoice_id : ""),
    }));
  }, [orderQ.data]);

  // B2B: the chosen customer's recent orders, to pick from.
  const recentQ = useApi<Reply<"getCustomerOrders">>(kind === "b2b" && customer && `/api/customers/${encodeURIComponent(customer.customer_id)}/orders`);
  const recent: Schema<"OrderContext">[] = (kind === "b2b" && customer && recentQ.data?.items) || [];

  // A field offered as a choice (recent orders, the order's batches) that may still be typed.
  const [typed, setTyped] = useState<Record<string, boolean>>({});

  function pickCustomer(c: Customer | null) {
    setCustomer(c);
    setErrors((prev) => ({ ...prev, customer_id: "" }));
    if (kind === "b2c")
      setV((prev) => ({
        ...prev,
        customer_id: c?.customer_id ?? "",
        customer_name: c ? c.name : prev.customer_name,
        customer_phone: c ? (c.phone ?? "") : prev.customer_phone,
        customer_email: c ? (c.email ?? "") : prev.customer_email,
      }));
    else setV((prev) => ({ ...prev, customer_id: c?.customer_id ?? "" }));
  }

  function body(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of kc.fields) {
      const x = (v[f] ?? "").trim();
      if (x) out[f] = x;
    }
    if (kind === "b2c" && out.delivery_date) {
      const t = zonedInstant(out.delivery_date, deliveryTime || "00:00");
      if (t && deliveryTime) out.delivery_date = isoInZone(t);
    }
    return out;
  }

  /** Marks every failing field at once, with a banner counting them, and takes the user to
   *  the first. */
  function showErrors(found: Errors) {
    const names = Object.keys(found);
    setErrors(found);
    setBanner(names.length === 1 ? found[names[0]] : `${names.length} fields need attention; each is marked below.`);
    const el = document.getElementById(fid(names[0]));
    el?.focus({ preventScroll: true });
    (el?.closest(".field, .photo-field") ?? el)?.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  /** The required fields left empty, found before anything is sent. */
  function missing(): Errors {
    const found: Errors = {};
    for (const el of formRef.current?.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("[aria-required=true]") ?? []) {
      if (!el.id.startsWith("f-") || el.value.trim() !== "") continue;
      const label = formRef.current?.querySelector(`label[for="${el.id}"]`)?.firstChild?.textContent?.trim() ?? "This field";
      // The phone is needed only without an email: say so rather than "is required".
      found[el.id.slice(2)] = el.id === "f-customer_phone" ? "Give the customer's phone or email." : `${label} is required.`;
    }
    if (category?.photo_required && photos.length === 0)
      found.photos = `${category.label} needs at least one photo. Take or add a photo of the produce before creating the ticket.`;
    return found;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    setErrors({});
    const empty = missing();
    if (Object.keys(empty).length) {
      showErrors(empty);
      return;
    }
    setBusy(true);
    // Every ticket goes through this device's queue (offline/queue.ts) with its Idempotency-Key
    // made now: with no connection it waits there, and a create whose answer was lost on the
    // way is sent again with the same key, never made twice.
    let item: QueuedTicket;
    try {
      item = await capture(me.user_id, kind, body(), photos, summary());
    } catch (x) {
      setBusy(false);
      setBanner(`This device could not keep the ticket (${errorText(x)}).`);
      return;
    }
    if (draft) {
      await discard(draft.id);
      setDraft(null);
    }
    if (!navigator.onLine) {
      navigate("/outbox", { state: { queued: item.id } });
      return;
    }
    await sendWaiting();
    const t = await queuedTicket(item.id);
    if (!t || t.state === "waiting") {
      navigate("/outbox", { state: { queued: item.id } });
      return;
    }
    await discard(item.id);
    if (t.ticketId !== undefined) {
      // Created; a file the server refused is said on the ticket's page, as before.
      const note = t.state === "refused" ? `The files were not attached (${t.error}); add them below.` : undefined;
      navigate(`/tickets/${kind}/${t.ticketId}`, { state: { created: t.number, note } });
      return;
    }
    setBusy(false);
    // The server names every failing field: mark each one the form shows.
    const found: Errors = {};
    for (const fe of t.errors ?? []) if (document.getElementById(fid(fe.field))) found[fe.field] = humanize(fe.message);
    if (Object.keys(found).length) {
      showErrors(found);
    } else {
      setBanner(t.error ?? "The server refused the ticket.");
      formRef.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  }

  /** A line that tells the waiting list which ticket this is. */
  function summary(): string {
    const who = kind === "internal" ? v.title : kind === "b2b" ? (customer?.name ?? v.so_id) : v.customer_name;
    const d = v.description?.trim() ?? "";
    return [category?.label, who?.trim(), d.length > 60 ? d.slice(0, 59) + "…" : d].filter(Boolean).join(" · ") || "New ticket";
  }

  const text = (
    f: string,
    label: string,
    opts: { required?: boolean; hint?: ReactNode; type?: string; placeholder?: string; wide?: boolean; autoComplete?: string } = {},
  ) => (
    <Field id={fid(f)} label={label} required={opts.required} hint={opts.hint} error={err(f)} wide={opts.wide}>
      {(p) => (
        <input
          {...p}
          type={opts.type ?? "text"}
          value={v[f] ?? ""}
          placeholder={opts.placeholder}
          autoComplete={opts.autoComplete ?? "off"}
          onChange={(e) => set(f)(e.target.value)}
        />
      )}
    </Field>
  );
  /** A choice among options, with "other" opening a text field; just the text field when
   *  there is nothing to choose from. */
  const choice = (
    f: string,
    label: string,
    options: { code: string; label: string }[],
    opts: { required?: boolean; empty: string; other: string; otherLabel: string; hint?: ReactNode; placeholder?: string },
  ) => {
    if (options.length === 0) return text(f, label, { required: opts.required, hint: opts.hint, placeholder: opts.placeholder });
    const other = typed[f] || (!!v[f] && !options.some((o) => o.code === v[f]));
    return (
      <>
        <Field id={other ? fid(f) + "-choice" : fid(f)} label={label} required={opts.required && !other} error={other ? null : err(f)} hint={opts.hint}>
          {(p) => (
            <select
              {...p}
              value={other ? "__other" : (v[f] ?? "")}
              onChange={(e) => {
                const x = e.target.value;
                setTyped((prev) => ({ ...prev, [f]: x === "__other" }));
                set(f)(x === "__other" ? "" : x);
              }}
            >
              <option value="">{opts.empty}</option>
              {options.map((o) => (
                <option key={o.code} value={o.code}>
                  {o.label}
                </option>
              ))}
              <option value="__other">{opts.other}</option>
            </select>
          )}
        </Field>
        {other && text(f, opts.otherLabel, { required: opts.required, placeholder: opts.placeholder })}
      </>
    );
  };
  const area = (f: string, label: string, opts: { required?: boolean; hint?: ReactNode; rows?: number; placeholder?: string } = {}) => (
    <Field id={fid(f)} label={label} required={opts.required} hint={opts.hint} error={err(f)} wide>
      {(p) => <textarea {...p} rows={opts.rows ?? 4} value={v[f] ?? ""} placeholder={opts.placeholder} onChange={(e) => set(f)(e.target.value)} />}
    </Field>
  );
  const select = (
    f: string,
    label: string,
    options: { code: string; label: string }[],
    opts: { required?: boolean; empty?: string; hint?: ReactNode } = {},
  ) => (
    <Field id={fid(f)} label={label} required={opts.required} error={err(f)} hint={opts.hint}>
      {(p) => (
        <select {...p} value={v[f] ?? ""} onChange={(e) => set(f)(e.target.value)}>
          <option value="">{opts.empty ?? "—"}</option>
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  // The batches the chosen order's lines were filled from, each once.
  const batchOptions: { code: string; label: string }[] = [];
  for (const l of order?.ctx?.order.lines ?? [])
    for (const a of l.allocations ?? [])
      if (!batchOptions.some((b) => b.code === a.batch_number))
        batchOptions.push({ code: a.batch_number, label: `${a.batch_number} · ${l.item}${a.farm_name ? ` · ${a.farm_name}` : ""}` });

  const issue = (
    <Section title="The issue">
      <Field id={fid("category")} label="Issue category" required error={err("category")}>
        {(p) => <CategorySelect kc={kc} {...p} value={v.category ?? ""} onChange={set("category")} />}
      </Field>
      {select("priority", "Priority", kc.priorities, { required: true, empty: "Choose a priority…" })}
      {text("title", "Title", {
        required: kind === "internal",
        wide: true,
        placeholder: kind === "internal" ? "Short summary of the problem" : "Optional short summary",
      })}
      {area("description", "Description", {
        required: true,
        placeholder: kind === "internal" ? "What happened, where, and who is affected" : "What the customer told us, in their words",
      })}
      {kind === "internal" && (
        <>
          {text("affected_module", "Affected module", { placeholder: "e.g. Purchase orders, Inventory, Billing" })}
          {area("steps_to_reproduce", "Steps to reproduce", { required: !!category?.steps_required, rows: 3 })}
          {area("expected_behavior", "Expected behaviour", { required: !!category?.steps_required, rows: 2 })}
          {area("actual_behavior", "Actual behaviour", { required: !!category?.steps_required, rows: 2 })}
        </>
      )}
    </Section>
  );

  const resolution = kind !== "internal" && (
    <Section title="Resolution and details">
      {select("requested_resolution", "Requested resolution", kc.resolution_types, {
        required: kind === "b2b" && !!category && category.group !== "general",
        empty: "None requested",
      })}
      {text("preferred_resolution_date", "Preferred resolution date", { type: "date" })}
      {choice("batch_number", "Batch number", batchOptions, {
        empty: "Not known",
        other: "Another batch (type its number)",
        otherLabel: "Batch number (typed)",
        placeholder: "If known, e.g. BT-1123",
        hint: batchOptions.length ? "The batches this order's lines were filled from." : undefined,
      })}
      {area("items_affected", "Items affected", {
        rows: 2,
        placeholder: "e.g. Tomatoes 5 kg, Coriander 2 bunches",
        hint:
          kind === "b2b" && order?.ctx ? (
            <span className="chips">
              Add from the order:{" "}
              {order.ctx.order.lines.map((l) => (
                <button
                  type="button"
                  key={l.line_no}
                  className="chip"
                  onClick={() => set("items_affected")([v.items_affected, `${l.item} ${qty(l.ordered_qty)} ${l.unit}`].filter(Boolean).join(", "))}
                >
                  + {l.item}
                </button>
              ))}
            </span>
          ) : undefined,
      })}
    </Section>
  );

  return (
    <div className="form-page">
      <Link to={`/tickets/${kind}`} className="back">
        <ArrowLeft size={16} aria-hidden="true" /> {KIND_SHORT[kind]} tickets
      </Link>
      <div className="page-head">
        <div>
          <p className="eyebrow">New {KIND_WORD[kind]} ticket</p>
          <h1>{kind === "b2b" ? "Log a complaint from a hotel or restaurant" : kind === "b2c" ? "Log a home customer's complaint" : "Report an ERP issue"}</h1>
          <p className="muted">{KIND_NOUN[kind]}. Fields marked required must be filled in.</p>
        </div>
      </div>
      <form ref={formRef} className="card form" onSubmit={submit} noValidate aria-label={`New ${KIND_WORD[kind]} ticket`}>
        {banner && (
          <Banner onClose={() => setBanner(null)}>
            <span data-testid="form-error">{banner}</span>
          </Banner>
        )}

        {kind === "b2b" && (
          <Section title="Customer and order">
            <Field id={fid("customer_id")} label="Customer" required error={err("customer_id")} wide hint="The hotel or restaurant that raised the complaint.">
              {(p) => (
                <CustomerPicker
                  id={p.id}
                  describedBy={p["aria-describedby"]}
                  invalid={p["aria-invalid"]}
                  value={customer}
                  onChange={pickCustomer}
                  prefer={PREFER_B2B}
                />
              )}
            </Field>
            {choice(
              "so_id",
              "Sales order",
              recent.map((c) => ({ code: c.order.so_id, label: orderLabel(c) })),
              {
                required: !v.invoice_id,
                empty: "Choose the order…",
                other: "Another order (type its number)",
                otherLabel: "Sales order number",
                placeholder: "e.g. SO-24-0816",
                hint: recent.length ? `${customer?.name}'s recent orders, newest first.` : "The sales order number from Zoho (or give the invoice).",
              },
            )}
            {order?.ctx && order.ctx.invoices.length > 0
              ? select(
                  "invoice_id",
                  "Invoice",
                  order.ctx.invoices.map((i) => ({ code: i.invoice_id, label: `${i.number} · ${fmtDate(i.date)} · ${money(i.total)}` })),
                  { empty: "No invoice" },
                )
              : text("invoice_id", "Invoice ID", { placeholder: "e.g. ZI-5006", hint: "Optional when the sales order is given." })}
            {order && <OrderSummary order={order} customer={customer} />}
            {text("delivery_date", "Delivery date", { type: "date", hint: order?.ctx?.order.delivery_date ? "From the sales order." : undefined })}
          </Section>
        )}

        {kind === "b2c" && (
          <>
            <Section title="Customer">
              <Field
                id={fid("customer_id")}
                label="Existing customer"
                error={err("customer_id")}
                wide
                hint="Optional: pick a known home customer to fill in the details below."
              >
                {(p) => (
                  <CustomerPicker
                    id={p.id}
                    describedBy={p["aria-describedby"]}
                    invalid={p["aria-invalid"]}
                    value={customer}
                    onChange={pickCustomer}
                    prefer={PREFER_B2C}
                    placeholder="Search home customers"
                  />
                )}
              </Field>
              {text("customer_name", "Customer name", { required: true, autoComplete: "name" })}
              {text("customer_phone", "Customer phone", {
                type: "tel",
                required: !v.customer_email,
                hint: "Needed unless you give an email.",
                autoComplete: "tel",
              })}
              {text("customer_email", "Customer email", { type: "email", autoComplete: "email" })}
            </Section>
            <Section title="Order and delivery">
              {text("woo_order_number", "WooCommerce order", { required: true, placeholder: "e.g. WC-57950" })}
              <WooFetch
                number={v.woo_order_number ?? ""}
                onFill={(f, time) => {
                  setV((prev) => fillEmpty(prev, f));
                  if (time && !deliveryTime) setDeliveryTime(time);
                }}
              />
              <div className="field-pair">
                {text("delivery_date", "Delivery date", { type: "date", required: true })}
                <Field id="f-delivery_time" label="Delivery time">
                  {(p) => <input {...p} type="time" value={deliveryTime} onChange={(e) => setDeliveryTime(e.target.value)} />}
                </Field>
              </div>
              <div className="field-wide">
                <PolicyWindowIndicator date={v.delivery_date ?? ""} time={deliveryTime} />
              </div>
            </Section>
          </>
        )}

        {issue}
        {kind === "internal" && (
          <Section title="Screenshots and files">
            <PhotoPicker id={fid("files")} files={photos} documents error={err("files")} onChange={setPhotos} />
          </Section>
        )}
        {kind !== "internal" && (
          <Section title="Photos">
            <PhotoPicker
              id={fid("photos")}
              files={photos}
              required={!!category?.photo_required}
              error={err("photos")}
              onChange={(f) => {
                setPhotos(f);
                if (errors.photos) {
                  setErrors((prev) => ({ ...prev, photos: "" }));
                  setBanner(null);
                }
              }}
            />
          </Section>
        )}
        {resolution}

        <div className="form-actions">
          <Link to={`/tickets/${kind}`} className="btn btn-ghost">
            Cancel
          </Link>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Creating…" : `Create ${KIND_WORD[kind]} ticket`}
          </button>
        </div>
      </form>
    </div>
  );
}

function OrderSummary({ order, customer }: { order: { so: string; ctx: OrderContext | null; error?: string }; customer: Customer | null }) {
  if (!order.ctx)
    return (
      <div className="order-summary order-missing field-wide" aria-live="polite">
        <PackageSearch size={18} aria-hidden="true" /> {order.error ? humanize(order.error) : `No sales order ${order.so}.`}
      </div>
    );
  const o = order.ctx.order;
  const other = customer && o.customer_id !== customer.customer_id;
  const short = o.lines.filter((l) => l.delivered_qty !== null && l.delivered_qty < l.ordered_qty).length;
  return (
    <div className={`order-summary field-wide${other ? " order-other" : ""}`} aria-live="polite">
      <PackageSearch size={18} aria-hidden="true" />
      <div>
        <strong>
          {o.so_id} · {order.ctx.customer?.name ?? o.customer_id}
          {order.ctx.customer ? ` (${CUSTOMER_TYPE[order.ctx.customer.type] ?? order.ctx.customer.type})` : ""}
        </strong>
        <span>
          Ordered {fmtDate(o.order_date)}
          {o.delivery_date ? `, delivered ${fmtDate(o.delivery_date)}` : ""} · {o.lines.length} {o.lines.length === 1 ? "line" : "lines"}
          {short ? ` · ${short} short-delivered` : ""}
        </span>
        {other && <span className="warn-text">This order belongs to another customer ({order.ctx.customer?.name ?? o.customer_id}).</span>}
      </div>
    </div>
  );
}

/** "SO-24-0816 · 5 Dec · Tomato (hybrid), Onion and 2 more": an order as the picker lists it. */
function orderLabel(c: Schema<"OrderContext">): string {
  const o = c.order;
  const items = o.lines.map((l) => l.item);
  const what = items.length > 2 ? `${items.slice(0, 2).join(", ")} and ${items.length - 2} more` : items.join(", ");
  return `${o.so_id} · ${fmtDate(o.delivery_date ?? o.order_date)}${what ? ` · ${what}` : ""}`;
}
