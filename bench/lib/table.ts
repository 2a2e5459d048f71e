/**
 * A plain-text table: a header row, a rule, then the rows. Columns whose
 * cells look like numbers are right-aligned.
 */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.every((r) => /^([-\d.,×%/\s]*|n\/a)$/.test(r[i] ?? "")));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** 12345.6 → "12,346" */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Milliseconds with two decimals below 10, one above. */
export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

/** 0.734 → "73 %" */
export function formatShare(share: number | null): string {
  return share === null ? "n/a" : `${Math.round(share * 100)} %`;
}
