// On one column (a phone or a narrow window), a section of the ticket page that opens on a
// tap (closed at first); on a desk, always open with no summary.  The same element either
// way, so what is inside keeps its state when the window changes width.
import { useEffect, useState, type ReactNode } from "react";

const NARROW = "(max-width: 960px)";

/** Whether the page is one column (a phone or a narrow window). */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const m = window.matchMedia(NARROW);
    const f = () => setNarrow(m.matches);
    m.addEventListener("change", f);
    return () => m.removeEventListener("change", f);
  }, []);
  return narrow;
}

export function Fold({ title, children }: { title: string; children: ReactNode }) {
  const narrow = useNarrow();
  const [open, setOpen] = useState(false);
  return (
    <details className="fold" open={!narrow || open} onToggle={(e) => narrow && setOpen(e.currentTarget.open)} data-testid="fold">
      <summary>{title}</summary>
      {children}
    </details>
  );
}
