/** Renders `Key: value` lines with the values aligned, like `job show`. */
export function renderFields(fields: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...fields.map(([key]) => key.length)) + 1;
  return fields.map(([key, value]) => `${`${key}:`.padEnd(width)}  ${value}`).join('\n');
}

/** A list for people: `a, b, c`, or `-` when empty. */
export function listText(items: readonly string[], empty = '-'): string {
  return items.length === 0 ? empty : items.join(', ');
}
