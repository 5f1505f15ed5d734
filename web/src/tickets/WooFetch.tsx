// On the B2C form: fetch the WooCommerce order by its number and fill what is still empty
// (customer, delivery date and time, items).  An order WooCommerce does not know is said,
// and the fields stay free to type.
import { Download } from "lucide-react";
import { useState } from "react";
import { get } from "../api";
import { Banner, errorText } from "../components/ui";
import type { Schema } from "../schema";
import { localDate, localTime } from "../time";

type WooOrder = Schema<"WooCommerceOrder">;

/** prev with each empty field taken from f. */
export function fillEmpty(prev: Record<string, string>, f: Record<string, string>): Record<string, string> {
  const out = { ...prev };
  for (const [k, v] of Object.entries(f)) if (v && !(out[k] ?? "").trim()) out[k] = v;
  return out;
}

export function WooFetch({ number, onFill }: { number: string; onFill: (fields: Record<string, string>, time: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  async function fetchOrder() {
    setBusy(true);
    setMsg(null);
    try {
      const o = await get<WooOrder>("/api/woocommerce/orders/" + encodeURIComponent(number.trim()));
      const when = o.delivery_date ? new Date(o.delivery_date) : null;
      onFill(
        {
          customer_name: o.customer_name ?? "",
          customer_email: o.customer_email ?? "",
          customer_phone: o.customer_phone ?? "",
          items_affected: o.items_affected ?? "",
          delivery_date: when ? localDate(when) : "",
        },
        when ? localTime(when) : "",
      );
      setMsg({ ok: true, text: `Order ${o.woo_order_number} (${o.status ?? "?"}): details filled where empty.` });
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="field-wide">
      <button type="button" className="btn btn-sm" onClick={() => void fetchOrder()} disabled={busy || !number.trim()} data-testid="woo-fetch">
        <Download size={14} aria-hidden="true" /> {busy ? "Fetching…" : "Fetch from WooCommerce"}
      </button>
      {msg && (
        <Banner kind={msg.ok ? "success" : "error"} onClose={() => setMsg(null)}>
          {msg.text}
        </Banner>
      )}
    </div>
  );
}
