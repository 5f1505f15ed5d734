// Customer names by id, for rows that carry only a customer_id (B2B list items).
import { get, type Customer } from "./api";

const cache = new Map<string, Promise<Customer | null>>();

export function customerById(id: string): Promise<Customer | null> {
  let p = cache.get(id);
  if (!p) {
    p = get<Customer>("/api/customers/" + encodeURIComponent(id)).catch(() => null);
    cache.set(id, p);
  }
  return p;
}
