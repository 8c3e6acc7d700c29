/** Sums the samples of one metric in Prometheus text format, optionally only those whose labels pass `keep`. */
export function sumMetric(text: string, name: string, keep: (labels: string) => boolean = () => true): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    if (!keep(match[2] ?? '')) continue;
    total += Number(match[3]);
  }
  return total;
}
