// The help desk's actions on a ticket (issue 18): its links (related, parent/child,
// duplicate) and adding one, merging it into the ticket kept, and splitting a complaint
// about several order lines into one ticket per line with its files.
import { GitMerge, Link2, Scissors } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { get, post, ticketPath, type Attachment, type Kind, type Ticket } from "../api";
import { Banner, errorText } from "../components/ui";
import type { Schema } from "../schema";
import { useSession } from "../session";

type TicketLink = Schema<"TicketLink">;
type Incident = Schema<"Incident">;

const LINK_LABEL: Record<string, string> = {
  related: "Related to",
  parent_of: "Parent of",
  child_of: "Child of",
  duplicate_of: "Duplicate of",
  has_duplicate: "Has duplicate",
};

export function DeskActions({ ticket, kind, onChanged }: { ticket: Ticket; kind: Kind; onChanged: (t: Ticket, message?: string) => void }) {
  const { me } = useSession();
  const navigate = useNavigate();
  const [links, setLinks] = useState<TicketLink[] | null>(null);
  const [files, setFiles] = useState<Attachment[]>([]);
  const [incidents, setIncidents] = useState<Incident[]>([]);
  const [type, setType] = useState("related");
  const [other, setOther] = useState("");
  const [into, setInto] = useState("");
  const [parts, setParts] = useState<Record<number, number[]>>({});
  const [error, setError] = useState<string | null>(null);
  const staff = me.role !== "reporter" && (kind === "internal" || me.role !== "developer");
  const lines = ticket.order_context?.order.lines ?? [];
  const canSplit = kind !== "internal" && !!ticket.so_id && lines.length > 1 && ticket.status !== "resolved" && ticket.status !== "closed";

  useEffect(() => {
    if (!staff) return;
    get<{ items: TicketLink[] }>(ticketPath(kind, ticket.ticket_id, "links")).then(
      (r) => setLinks(r.items),
      (e) => setError(errorText(e)),
    );
    if (kind !== "internal") {
      get<{ items: Attachment[] }>(ticketPath(kind, ticket.ticket_id, "attachments")).then(
        (r) => setFiles(r.items),
        () => {},
      );
      get<{ items: Incident[] }>(ticketPath(kind, ticket.ticket_id, "incidents")).then(
        (r) => setIncidents(r.items),
        () => {},
      );
    }
  }, [kind, ticket.ticket_id, ticket.updated_at, staff]);

  if (!staff) return null;
  const run = async (f: () => Promise<void>) => {
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section className="card desk-actions" aria-label="Links, merge and split">
      <h2>
        <Link2 size={16} aria-hidden="true" /> Links
      </h2>
      {error && <Banner onClose={() => setError(null)}>{error}</Banner>}
      {incidents.map((i) => (
        <p key={i.incident_id} className="flag-late">
          <Link to={`/incidents/${i.incident_id}`}>Quality incident {i.incident_id}</Link> ({i.status}): {i.reason}
        </p>
      ))}
      {links && links.length > 0 ? (
        <ul className="plain">
          {links.map((l) => (
            <li key={l.link_id}>
              {LINK_LABEL[l.type] ?? l.type} <Link to={`/tickets/${l.kind}/${l.ticket_id}`}>{l.number}</Link> <span className="muted">{l.status.replace(/_/g, " ")}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No links.</p>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const r = await post<{ items: TicketLink[] }>(ticketPath(kind, ticket.ticket_id, "links"), { type, ticket: other.trim() });
            setLinks(r.items);
            setOther("");
            onChanged(ticket, "Linked.");
          });
        }}
      >
        <select aria-label="Link type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="related">Related to</option>
          <option value="parent_of">Parent of</option>
          <option value="child_of">Child of</option>
          <option value="duplicate_of">Duplicate of</option>
        </select>
        <input aria-label="Other ticket number" placeholder="B2B-000123" value={other} onChange={(e) => setOther(e.target.value)} required />
        <button type="submit" className="btn btn-sm">
          Link
        </button>
      </form>

      {ticket.status !== "closed" && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!window.confirm(`Merge ${ticket.number} into ${into.trim()}? Its comments, communications and files move there and it closes.`)) return;
            void run(async () => {
              const kept = await post<Ticket>(ticketPath(kind, ticket.ticket_id, "merge"), { into: into.trim() });
              navigate(`/tickets/${kept.kind}/${kept.ticket_id}`, { state: { created: kept.number, note: `${ticket.number} was merged into it.` } });
            });
          }}
        >
          <h3>
            <GitMerge size={16} aria-hidden="true" /> Merge as a duplicate
          </h3>
          <input aria-label="Ticket to keep" placeholder="Ticket to keep" value={into} onChange={(e) => setInto(e.target.value)} required />
          <button type="submit" className="btn btn-sm">
            Merge
          </button>
        </form>
      )}

      {canSplit && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const body = Object.entries(parts).map(([line, ids]) => ({ line_no: Number(line), attachment_ids: ids }));
            void run(async () => {
              const r = await post<{ ticket: Ticket; parts: { number: string }[] }>(ticketPath(kind, ticket.ticket_id, "split"), { parts: body });
              setParts({});
              onChanged(r.ticket, `Split into ${r.parts.map((p) => p.number).join(", ")}.`);
            });
          }}
        >
          <h3>
            <Scissors size={16} aria-hidden="true" /> Split by order line
          </h3>
          <p className="muted">Each line picked becomes a ticket of its own, with the files picked for it.</p>
          {lines.map((l) => (
            <fieldset key={l.line_no} className="split-line">
              <legend>
                <label>
                  <input
                    type="checkbox"
                    checked={!!parts[l.line_no]}
                    onChange={(e) =>
                      setParts((p) => {
                        const n = { ...p };
                        if (e.target.checked) n[l.line_no] = [];
                        else delete n[l.line_no];
                        return n;
                      })
                    }
                  />{" "}
                  Line {l.line_no}: {l.item}
                </label>
              </legend>
              {parts[l.line_no] &&
                files.map((f) => (
                  <label key={f.attachment_id} className="split-file">
                    <input
                      type="checkbox"
                      checked={parts[l.line_no].includes(f.attachment_id)}
                      onChange={(e) =>
                        setParts((p) => ({
                          ...p,
                          [l.line_no]: e.target.checked ? [...p[l.line_no], f.attachment_id] : p[l.line_no].filter((x) => x !== f.attachment_id),
                        }))
                      }
                    />{" "}
                    {f.filename}
                  </label>
                ))}
            </fieldset>
          ))}
          <button type="submit" className="btn btn-sm" disabled={Object.keys(parts).length === 0}>
            Split
          </button>
        </form>
      )}
    </section>
  );
}
