/** Prints rows as an aligned plain-text table. */
export function table(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n${title}`);
  if (!rows.length) {
    console.log('  (no rows)');
    return;
  }
  const cols = Object.keys(rows[0] as object);
  const cell = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) =>
    vals.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log(line(cols));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}
