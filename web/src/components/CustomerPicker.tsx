// A searchable customer picker (GET /api/customers?q=): a combobox with a list box,
// usable with the keyboard (arrows, Enter, Escape).
import { Building2, Home, Search, UtensilsCrossed, X } from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { query, type Customer } from "../api";
import { useApi } from "../query";
import { CUSTOMER_TYPE } from "../labels";

export function CustomerIcon({ type, size = 16 }: { type: string; size?: number }) {
  if (type === "hotel") return <Building2 size={size} aria-hidden="true" />;
  if (type === "restaurant") return <UtensilsCrossed size={size} aria-hidden="true" />;
  return <Home size={size} aria-hidden="true" />;
}

export function CustomerPicker({
  id,
  value,
  onChange,
  prefer,
  placeholder = "Search customers by name",
  describedBy,
  invalid,
}: {
  id: string;
  value: Customer | null;
  onChange: (c: Customer | null) => void;
  prefer?: string[];
  placeholder?: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  // The search as typed (once typing pauses), through the cache: typing back a search shown
  // before shows its answer at once; a search overtaken by the next one is cancelled.
  const [searched, setSearched] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    const t = window.setTimeout(() => setSearched(text.trim()), 150);
    return () => window.clearTimeout(t);
  }, [text, open]);
  const found = useApi<{ items: Customer[] }>(open && searched !== null && "/api/customers" + query({ q: searched }), {
    placeholderData: (previous) => previous,
  });
  const items = useMemo(() => {
    const rank = (c: Customer) => (prefer && prefer.includes(c.type) ? 0 : 1);
    return [...(found.data?.items ?? [])].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  }, [found.data, prefer]);
  useEffect(() => setActive(0), [found.data]);
  const failed = found.error ? found.error.message : null;

  if (value)
    return (
      <div className="picked" id={id} tabIndex={-1}>
        <CustomerIcon type={value.type} />
        <div className="picked-text">
          <strong>{value.name}</strong>
          <span className="muted">
            {CUSTOMER_TYPE[value.type] ?? value.type} · {value.customer_id}
            {value.phone ? ` · ${value.phone}` : ""}
          </span>
        </div>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() => {
            onChange(null);
            setOpen(true);
            setTimeout(() => inputRef.current?.focus(), 0);
          }}
          aria-label={`Change customer (now ${value.name})`}
        >
          <X size={16} aria-hidden="true" /> Change
        </button>
      </div>
    );

  const choose = (c: Customer) => {
    onChange(c);
    setOpen(false);
    setText("");
  };

  return (
    <div className="combo">
      <div className="input-icon">
        <Search size={16} aria-hidden="true" />
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && items[active] ? `${listId}-${active}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          placeholder={placeholder}
          value={text}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(a + 1, items.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter" && open && items[active]) {
              e.preventDefault();
              choose(items[active]);
            } else if (e.key === "Escape") {
              setOpen(false);
            }
          }}
        />
      </div>
      {open && (
        <ul className="combo-list" role="listbox" id={listId} aria-label="Customers">
          {failed && <li className="combo-empty">{failed}</li>}
          {!failed && items.length === 0 && <li className="combo-empty">No customer matches “{text}”.</li>}
          {items.map((c, i) => (
            <li
              key={c.customer_id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(c);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <CustomerIcon type={c.type} />
              <span className="combo-name">{c.name}</span>
              <span className="muted">{CUSTOMER_TYPE[c.type] ?? c.type}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
