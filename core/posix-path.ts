// Lexical POSIX path handling for the domain (and the web bundle, which has no node:path).

/**
 * A path with `.` and `..` resolved, repeated and trailing slashes removed: `/data//x/../y/` →
 * `/data/y`. Lexical only (symlinks are for the host adapter); `..` above `/` stays at `/`.
 */
export function normalizePath(text: string): string {
  const absolute = text.startsWith('/');
  const parts: string[] = [];
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (!absolute) parts.push('..');
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/** The directory holding a path: `/data/x` → `/data`, `/data` → `/`. */
export function parentPath(text: string): string {
  const normal = normalizePath(text);
  const slash = normal.lastIndexOf('/');
  if (slash < 0) return '.';
  return slash === 0 ? '/' : normal.slice(0, slash);
}
