// Test helper: 1-based line of the first line containing `needle`.
export function lineOf(source: string, needle: string): number {
  const i = source.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in source`);
  return i + 1;
}
