import { z } from 'zod';

/**
 * What a token may do: `read` looks only (GET), `jobs` also submits and kills jobs, `full` does
 * everything its owner may. Login sessions are `full`.
 */
export const tokenScopes = ['read', 'jobs', 'full'] as const;

/** What a token may do. */
export type TokenScope = (typeof tokenScopes)[number];

/** True when a token of scope `held` may call a route that needs `needed`. */
export function scopeAllows(held: TokenScope, needed: TokenScope): boolean {
  return tokenScopes.indexOf(held) >= tokenScopes.indexOf(needed);
}

/** The body of `POST /api/v1/tokens`. */
export const createTokenRequestSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w.@+-][\w .@+-]*$/, 'use letters, digits, spaces and . _ - + @')
    .describe('A label to recognise the token by, e.g. "pipeline on lab-server"'),
  scope: z
    .enum(tokenScopes)
    .default('jobs')
    .describe('read: look only; jobs: also submit and kill'),
  expiresInDays: z.int().min(1).max(365).default(90),
});

/** A validated token creation request. */
export type CreateTokenRequest = z.infer<typeof createTokenRequestSchema>;

/** An API token as its owner sees it (the secret itself is shown once, at creation). */
export const apiTokenSchema = z.object({
  id: z.int(),
  name: z.string(),
  scope: z.enum(tokenScopes),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

/** An API token as its owner sees it. */
export type ApiTokenView = z.infer<typeof apiTokenSchema>;

/** Response of `POST /api/v1/tokens`: the token's secret, shown this once. */
export const createdTokenSchema = apiTokenSchema.extend({
  token: z.string().describe('Send as "Authorization: Bearer <token>"; it is not shown again'),
});

/** Response of `GET /api/v1/tokens`. */
export const tokenListSchema = z.object({ tokens: z.array(apiTokenSchema) });
