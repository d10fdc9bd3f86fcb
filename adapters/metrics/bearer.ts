import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * True when a scrape may read the metrics: no token is configured, or the request's
 * `Authorization` header is `Bearer <token>`. Compared in constant time.
 */
export function scrapeAllowed(
  authorization: string | undefined,
  token: string | undefined,
): boolean {
  if (token === undefined) return true;
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}
