import { forbidden, notFound } from '../../core/errors';
import {
  apiTokenSchema,
  createTokenRequestSchema,
  createdTokenSchema,
  tokenListSchema,
} from '../../core/tokens';
import { newToken, tokenDigest } from '../../adapters/auth/tokens';
import type { ApiDeps } from '../context';
import { route } from '../route';

function tokenId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound(`no token ${raw} among your tokens`);
  return id;
}

/** API tokens for scripts and pipelines: created, listed and revoked by their owner. */
export function tokenRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post',
      path: '/tokens',
      summary: 'Create an API token (its secret is shown once)',
      access: 'user',
      body: createTokenRequestSchema,
      response: createdTokenSchema,
      status: 201,
      audit: {
        action: 'token.create',
        target: (_params, _body, result) =>
          result ? `token/${(result as { id: number }).id}` : null,
        detail: (body) => body as Record<string, unknown>,
        keepRefusedBody: true,
      },
      async handle({ caller, body }) {
        if (!deps.config.tokens.apiTokens) {
          throw forbidden(
            'API tokens are turned off on this site (tokens.apiTokens): use the token login gives',
          );
        }
        const token = newToken();
        const now = deps.clock();
        const expiresAt = new Date(now.getTime() + body.expiresInDays * 24 * 3600_000);
        const id = await deps.tokens.insert(
          {
            userId: caller.id,
            digest: tokenDigest(token),
            kind: 'api',
            name: body.name,
            scope: body.scope,
            expiresAt,
          },
          now,
        );
        const view = await deps.tokens.apiToken(caller.id, id);
        if (!view) throw new Error(`token ${id} vanished right after insert`);
        return { ...view, token };
      },
    }),
    route({
      method: 'get',
      path: '/tokens',
      summary: 'List your API tokens (login sessions are not listed)',
      access: 'user',
      response: tokenListSchema,
      async handle({ caller }) {
        return { tokens: await deps.tokens.listApiTokens(caller.id) };
      },
    }),
    route({
      method: 'delete',
      path: '/tokens/:id',
      summary: 'Revoke one of your API tokens',
      access: 'user',
      response: apiTokenSchema,
      audit: { action: 'token.revoke', target: (params) => `token/${params.id}` },
      async handle({ caller, params }) {
        const id = tokenId(params.id);
        const before = await deps.tokens.apiToken(caller.id, id);
        if (!before) throw notFound(`no token ${params.id} among your tokens`);
        await deps.tokens.revokeById(caller.id, id, deps.clock());
        return (await deps.tokens.apiToken(caller.id, id)) ?? before;
      },
    }),
  ];
}
