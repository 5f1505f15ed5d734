/** A chart's numbers as a table for screen readers (and for the browser tests). */
export function ChartTable({ caption, head, rows, testid }: { caption: string; head: string[]; rows: (string | number)[][]; testid: string }) {
  return (
    <table className="sr-only" data-testid={testid}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {c}
                </th>
              ) : (
                <td key={j}>{c}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
