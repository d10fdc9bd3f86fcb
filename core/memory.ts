const unitMiB: Record<string, number> = {
  '': 1,
  m: 1,
  mi: 1,
  mib: 1,
  mb: 1,
  g: 1024,
  gi: 1024,
  gib: 1024,
  gb: 1024,
  t: 1024 * 1024,
  ti: 1024 * 1024,
  tib: 1024 * 1024,
  tb: 1024 * 1024,
};

/**
 * Parses a memory size such as `512M`, `1.5G` or `2048` (MiB) into whole MiB.
 * Binary units throughout: users on batch systems write `G` and mean GiB.
 */
export function parseMemoryMiB(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const factor = match ? unitMiB[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new Error(
      `cannot read memory size '${text}': write a number with M or G, e.g. 512M or 2G`,
    );
  }
  const mib = Math.round(Number(match[1]) * factor);
  if (mib < 1) throw new Error(`memory size '${text}' is below 1 MiB`);
  return mib;
}

/** Formats MiB for people: `512M`, `1.5G`. */
export function formatMemoryMiB(mib: number): string {
  if (mib >= 1024) return `${Number((mib / 1024).toFixed(1))}G`;
  return `${mib}M`;
}
