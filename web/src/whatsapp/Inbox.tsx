// The WhatsApp inbox (agents, managers, admins): conversations per customer phone number,
// newest first; one conversation with its messages and photos, and the two things staff do
// with it: make a B2C ticket of the new messages (the claim window counts from the first of
// them), or add them to the customer's open ticket.  Phone first: on a narrow screen the list
// and the conversation are one column, the conversation below the list.
import { MessageCircle, Paperclip, Plus } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { get, post } from "../api";
import { Banner, Empty, Field, Spinner, errorText } from "../components/ui";
import type { Schema } from "../schema";
import { useSession, useTitle } from "../session";
import { fmtAgo, fmtDateTime } from "../time";
import "./whatsapp.css";

type Conversation = Schema<"WhatsAppConversationFields">;
type Thread = Schema<"WhatsAppConversation">;
type Message = Schema<"WhatsAppMessage">;

export function Inbox() {
  useTitle("WhatsApp");
  const { id } = useParams();
  const list = useQuery({
    queryKey: ["/api/whatsapp/conversations"],
    queryFn: () => get<{ items: Conversation[] }>("/api/whatsapp/conversations"),
    refetchInterval: 15000,
  });
  const items = list.data?.items ?? null;
  return (
    <div className="wa-inbox">
      <div className="page-head">
        <div>
          <p className="eyebrow">Inbox</p>
          <h1>WhatsApp</h1>
          <p className="muted">Messages from customers, one conversation per phone number. Turn them into a ticket, or add them to the customer’s open one.</p>
        </div>
      </div>
      {list.error && <Banner>{errorText(list.error)}</Banner>}
      <div className="wa-grid">
        <section aria-label="Conversations" className="wa-list">
          {!items ? (
            <Spinner label="Loading conversations…" />
          ) : items.length === 0 ? (
            <Empty level={2} title="No messages yet" icon={<MessageCircle size={36} aria-hidden="true" />}>
              <p className="muted">When a customer writes to the business number, the conversation appears here.</p>
            </Empty>
          ) : (
            <ul role="list" className="wa-convs">
              {items.map((c) => (
                <li key={c.conversation_id}>
                  <Link
                    to={`/whatsapp/${c.conversation_id}`}
                    className={"card wa-conv" + (String(c.conversation_id) === id ? " on" : "")}
                    aria-current={String(c.conversation_id) === id ? "page" : undefined}
                    data-testid="wa-conversation"
                  >
                    <span className="wa-conv-top">
                      <strong>{c.customer_name ?? c.profile_name ?? "+" + c.phone}</strong>
                      <span className="small muted">{fmtAgo(c.last_message_at)}</span>
                    </span>
                    <span className="small muted">+{c.phone}</span>
                    <span className="wa-last">{c.last_text ?? "—"}</span>
                    {c.unhandled > 0 && <span className="badge">{c.unhandled} new</span>}
                    {c.ticket_number && <span className="small muted">Ticket {c.ticket_number}</span>}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label="Conversation" className="wa-thread">
          {id ? <ThreadView key={id} id={id} /> : items && items.length > 0 && <p className="muted">Choose a conversation.</p>}
        </section>
      </div>
    </div>
  );
}

function MessageBubble({ m }: { m: Message }) {
  return (
    <li className={"wa-msg " + (m.direction === "inbound" ? "in" : "out")} data-testid="wa-message">
      {m.media_url && <img src={m.media_url} alt={m.body ? `Photo: ${m.body}` : "Photo from the customer"} className="wa-photo" loading="lazy" />}
      {m.media_state === "pending" && <p className="small muted">Fetching the photo…</p>}
      {m.media_state === "failed" && <p className="small error-text">Photo not kept: {m.media_error}</p>}
      {m.body && <p className="prewrap">{m.body}</p>}
      <span className="small muted">
        {fmtDateTime(m.sent_at)}
        {m.direction === "outbound" && (m.type === "template" ? " · template" : " · sent")}
        {m.ticket_id ? " · in a ticket" : ""}
      </span>
    </li>
  );
}

function ThreadView({ id }: { id: string }) {
  const { catalog } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [category, setCategory] = useState("");
  const [order, setOrder] = useState("");
  const [delivered, setDelivered] = useState("");
  const [flash, setFlash] = useState<string | null>(null);
  const thread = useQuery({ queryKey: ["/api/whatsapp/conversations", id], queryFn: () => get<Thread>(`/api/whatsapp/conversations/${id}`) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["/api/whatsapp/conversations"] });
  };
  const create = useMutation({
    mutationFn: () =>
      post<{ ticket_id: number; number: string }>(`/api/whatsapp/conversations/${id}/ticket`, {
        category,
        ...(order.trim() ? { woo_order_number: order.trim() } : {}),
        ...(delivered ? { delivery_date: delivered } : {}),
      }),
    onSuccess: (t) => {
      refresh();
      navigate(`/tickets/b2c/${t.ticket_id}`);
    },
  });
  const append = useMutation({
    mutationFn: () => post<{ ticket_number: string; ticket_id: number }>(`/api/whatsapp/conversations/${id}/append`, {}),
    onSuccess: (r) => {
      setFlash(`Added to ${r.ticket_number}.`);
      refresh();
    },
  });
  if (thread.error) return <Banner>{errorText(thread.error)}</Banner>;
  const t = thread.data;
  if (!t) return <Spinner label="Loading the conversation…" />;
  const groups = catalog.kinds.b2c.category_groups;
  const err = create.error ?? append.error;
  return (
    <div className="card stack">
      <div>
        <h2>{t.customer_name ?? t.profile_name ?? "+" + t.phone}</h2>
        <p className="small muted">
          +{t.phone}
          {t.customer_id && (
            <>
              {" · "}
              <Link to={`/customers/${encodeURIComponent(t.customer_id)}`}>customer {t.customer_id}</Link>
            </>
          )}
          {t.latest_so_id && ` · latest delivery ${t.latest_so_id} on ${t.latest_delivery_date}`}
        </p>
        <p className="small" data-testid="wa-window">
          {t.whatsapp.window_open_until
            ? `Replies go as free text until ${fmtDateTime(t.whatsapp.window_open_until)} (24 hours after the customer’s last message).`
            : "The 24-hour window is closed: replies go as the approved template."}
        </p>
      </div>
      {flash && (
        <Banner kind="success" onClose={() => setFlash(null)}>
          {flash}
        </Banner>
      )}
      {err && <Banner>{errorText(err)}</Banner>}
      <ul role="list" className="wa-msgs">
        {t.messages.map((m) => (
          <MessageBubble key={m.message_id} m={m} />
        ))}
      </ul>
      {t.unhandled > 0 ? (
        <form
          className="stack"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Field label="Category" hint={`${t.unhandled} new message${t.unhandled === 1 ? "" : "s"}: the claim window counts from ${fmtDateTime(firstNew(t))}.`}>
            {(p) => (
              <select {...p} value={category} required onChange={(e) => setCategory(e.target.value)}>
                <option value="">Choose…</option>
                {groups.map((g) => (
                  <optgroup key={g.code} label={g.label}>
                    {g.categories.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          {!t.latest_so_id && (
            <div className="field-pair">
              <Field label="WooCommerce order" hint="No known delivery for this number: the order it is about.">
                {(p) => <input {...p} value={order} onChange={(e) => setOrder(e.target.value)} />}
              </Field>
              <Field label="Delivered on">{(p) => <input {...p} type="date" value={delivered} onChange={(e) => setDelivered(e.target.value)} />}</Field>
            </div>
          )}
          <div className="btn-row">
            <button type="submit" className="btn btn-primary" disabled={!category || create.isPending} data-testid="wa-create">
              <Plus size={16} aria-hidden="true" /> {create.isPending ? "Creating…" : "Create ticket"}
            </button>
            <button
              type="button"
              className="btn"
              disabled={!t.open_ticket || append.isPending}
              onClick={() => append.mutate()}
              title={t.open_ticket ? `Add to ${t.open_ticket}` : "The customer has no open B2C ticket"}
              data-testid="wa-append"
            >
              <Paperclip size={16} aria-hidden="true" /> {t.open_ticket ? `Add to open ticket ${t.open_ticket}` : "No open ticket to add to"}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted small">
          Every message is in a ticket{t.ticket_number ? ` (last: ` : ""}
          {t.ticket_id && t.ticket_number && <Link to={`/tickets/b2c/${t.ticket_id}`}>{t.ticket_number}</Link>}
          {t.ticket_number ? ")" : ""}.
        </p>
      )}
    </div>
  );
}

function firstNew(t: Thread): string | null {
  return t.messages.find((m) => m.direction === "inbound" && !m.ticket_id)?.sent_at ?? null;
}
