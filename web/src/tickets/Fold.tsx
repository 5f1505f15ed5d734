// On one column (a phone or a narrow window), a section of the ticket page that opens on a
// tap (closed at first); on a desk, always open with no summary.  The same element either
// way, so what is inside keeps its state when the window changes width.
//
// A closed section's content is not rendered until it is first opened: a phone opening a
// ticket renders the head, the description and the actions, and each section (with the
// requests it makes: files, communications, timeline, links...) only when it is asked for.
// Once opened it stays mounted, so a half-written reply survives closing it.  Its code may
// still be loading when it is opened (sections.tsx): a spinner shows in it until it is.
import { Component, Suspense, useEffect, useState, type ReactNode } from "react";
import { Banner, Spinner } from "../components/ui";

const NARROW = "(max-width: 960px)";

/** Whether the page is one column (a phone or a narrow window). */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const m = window.matchMedia(NARROW);
    const f = () => setNarrow(m.matches);
    m.addEventListener("change", f);
    return () => m.removeEventListener("change", f);
  }, []);
  return narrow;
}

/** Whether the page is one column now (for code outside React: what to fetch ahead). */
export const isNarrow = () => window.matchMedia(NARROW).matches;

export function Fold({ title, children }: { title: string; children: ReactNode }) {
  const narrow = useNarrow();
  const [open, setOpen] = useState(false);
  const shown = !narrow || open;
  // Rendered once shown, and kept from then on.
  const [mounted, setMounted] = useState(shown);
  if (shown && !mounted) setMounted(true);
  return (
    <details className="fold" open={shown} onToggle={(e) => narrow && setOpen(e.currentTarget.open)} data-testid="fold">
      <summary>{title}</summary>
      {mounted && (
        <Unloaded>
          <Suspense fallback={<Spinner />}>{children}</Suspense>
        </Unloaded>
      )}
    </details>
  );
}

/** A section whose code could not be loaded (the connection dropped) says so, and tries
 *  again on a tap, rather than taking the page down. */
class Unloaded extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Banner>
        This section could not be loaded.{" "}
        <button type="button" className="btn btn-sm" onClick={() => this.setState({ failed: false })}>
          Try again
        </button>
      </Banner>
    );
  }
}
