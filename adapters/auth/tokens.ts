import { createHash, randomBytes } from 'node:crypto';

/** A new bearer token: 256 random bits, prefixed so leaked tokens are easy to recognise. */
export function newToken(): string {
  return `gdt_${randomBytes(32).toString('base64url')}`;
}

/** The digest stored for a token. SHA-256 suffices: tokens are random, not guessable passwords. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
