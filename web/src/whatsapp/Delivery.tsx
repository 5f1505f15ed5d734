// What became of a message sent for real (WhatsApp), on the communication log.
export function DeliveryStatus({ c }: { c: { summary: string; delivery_status?: string | null; delivery_error?: string | null } }) {
  if (!c.delivery_status) return null;
  const failed = c.delivery_status === "failed";
  return (
    <p className={"small " + (failed ? "error-text" : "muted")} data-testid="delivery-status">
      WhatsApp: {c.delivery_status}
      {failed && c.delivery_error ? ` — ${c.delivery_error}` : ""}
    </p>
  );
}
