const secondsPer: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Reads a lifetime such as `3600`, `90m`, `2h`, `3d` or `1d12h` into whole seconds; a bare number
 * is seconds. `m` is minutes here (no months in job lifetimes).
 */
export function parseDurationSeconds(text: string): number {
  const trimmed = text.trim().toLowerCase();
  const bad = new Error(
    `cannot read duration '${text}': write seconds or a number with s, m, h, d or w, e.g. 3600, 2h, 3d, 1d12h`,
  );
  if (/^\d+$/.test(trimmed)) return positive(Number(trimmed), text);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) throw bad;
  let seconds = 0;
  for (const [, amount, unit] of parts)
    seconds += Number(amount) * (secondsPer[unit ?? ''] ?? Number.NaN);
  return positive(Math.round(seconds), text);
}

function positive(seconds: number, text: string): number {
  if (!Number.isSafeInteger(seconds) || seconds < 1)
    throw new Error(`duration '${text}' must be at least 1 second`);
  return seconds;
}

/** Shows seconds the way people write them back: `2h`, `3d`, `1d12h`, `45s`. */
export function formatDurationSeconds(seconds: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ];
  let rest = seconds;
  let text = '';
  for (const [unit, size] of units) {
    const amount = Math.floor(rest / size);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * size;
  }
  return text || '0s';
}
