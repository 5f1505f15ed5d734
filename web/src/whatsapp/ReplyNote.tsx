// On a ticket's reply form, channel WhatsApp: says how the reply will go — free text inside
// the 24-hour window since the customer's last message, the approved template outside it,
// or logged by hand when WhatsApp is off or the customer has no number.
import { useQuery } from "@tanstack/react-query";
import { get, ticketPath, type Kind } from "../api";
import { Banner } from "../components/ui";
import type { Schema } from "../schema";
import { fmtDateTime } from "../time";

export function WhatsAppReplyNote({ kind, id }: { kind: Kind; id: number }) {
  const plan = useQuery({
    queryKey: [ticketPath(kind, id, "whatsapp")],
    queryFn: () => get<Schema<"WhatsAppPlan">>(ticketPath(kind, id, "whatsapp")),
  });
  const p = plan.data;
  if (!p) return null;
  return (
    <Banner kind="info">
      <span data-testid="wa-reply-mode">
        {!p.enabled
          ? "WhatsApp is not set up: this reply is logged as sent by hand."
          : !p.to
            ? "The customer has no phone number: this reply is logged as sent by hand."
            : p.mode === "text" && p.window_open_until
              ? `Sent on WhatsApp to +${p.to} as free text (the customer wrote in the last 24 hours; until ${fmtDateTime(p.window_open_until)}).`
              : `Sent on WhatsApp to +${p.to} as the approved template: more than 24 hours since the customer’s last message.`}
      </span>
    </Banner>
  );
}
