// A chart's box: its final height from the start (nothing moves when the chart arrives), and
// the chart itself (with the chart library) loaded and drawn only when the box comes near the
// screen.  On a phone the charts sit below the figures and the lists, so opening the home page
// costs neither the library's download nor its drawing until the user scrolls to them.
import { Suspense, useEffect, useRef, useState, type ReactNode } from "react";

export function ChartBox({ height, children }: { height: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || near) return;
    if (typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const io = new IntersectionObserver((seen) => seen.some((e) => e.isIntersecting) && setNear(true), { rootMargin: "200px 0px" });
    io.observe(el);
    return () => io.disconnect();
  }, [near]);
  return (
    <div ref={ref} className="chart" style={{ height }}>
      {near && <Suspense fallback={null}>{children}</Suspense>}
    </div>
  );
}
