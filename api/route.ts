import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { type z } from 'zod';
import { DomainError } from '../core/errors';
import { scopeAllows, type TokenScope } from '../core/tokens';
import { clientAddress, recordAudit } from './audit';
import type { ApiDeps, Caller } from './context';

/** Who may call a route. */
export type Access = 'public' | 'user' | 'admin';

/** What a handler receives: parsed input and the caller (undefined only on public routes). */
export interface RouteInput<Body, Query, Auth extends Access> {
  body: Body;
  query: Query;
  params: Record<string, string>;
  caller: Auth extends 'public' ? Caller | undefined : Caller;
  req: Request;
  res: Response;
}

/**
 * How a route is audited: every success and every refusal by a logged-in caller is appended to the
 * audit log under `action`.
 */
export interface AuditSpec {
  /** A dotted verb, e.g. `job.submit`. */
  action: string;
  /** What was acted on, from the path parameters, the body and (on success) the response. */
  target?: (params: Record<string, string>, body: unknown, result: unknown) => string | null;
  /** What to record on success, e.g. the fields a change set. */
  detail?: (body: unknown, result: unknown) => Record<string, unknown> | null;
  /** Keep a refused request's body (never for bodies carrying passwords). */
  keepRefusedBody?: boolean;
}

function withoutSecrets(body: unknown): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { password, ...rest } = body as Record<string, unknown>;
  return password === undefined ? rest : { ...rest, password: '(changed)' };
}

/**
 * The audit of an administrative change to a named thing (`user/alice`,
 * `project/genomics/members/bob`): the target from the path or the body's name, the detail from
 * the body with any password masked.
 */
export function changeAudit(action: string, kind: string, param = 'name'): AuditSpec {
  return {
    action,
    target(params, body) {
      const name = params[param] ?? (withoutSecrets(body)?.[param] as string | undefined);
      if (name === undefined) return null;
      if (params.kind) return `${kind}/${params.kind}/${name}`;
      return params.username && param !== 'username'
        ? `${kind}/${name}/members/${params.username}`
        : `${kind}/${name}`;
    },
    detail: (body) => withoutSecrets(body),
    keepRefusedBody: false,
  };
}

/** A route's declaration: the single source for validation, authorization and the OpenAPI document. */
export interface RouteSpec<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  A extends Access = Access,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  access: A;
  /** The token scope the route needs; GET routes default to `read`, others to `full`. */
  scope?: TokenScope;
  audit?: AuditSpec;
  body?: B;
  query?: Q;
  /** The JSON response; routes that stream text leave it out and write to `res` themselves. */
  response?: R;
  /** Text responses (logs) name their media type instead. */
  produces?: string;
  status?: number;
  handle(input: RouteInput<z.infer<B>, z.infer<Q>, A>): Promise<z.infer<R> | void>;
}

/** Declares a route; the generics tie body, query and response types to their schemas. */
export function route<
  B extends z.ZodType,
  Q extends z.ZodType,
  R extends z.ZodType,
  A extends Access,
>(spec: RouteSpec<B, Q, R, A>): RouteSpec<B, Q, R, A> {
  return spec;
}

/** Turns a zod error into one sentence per problem, naming the field to fix. */
export function describeIssues(where: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = [where, ...issue.path.map(String)].join('.');
      if (issue.code === 'unrecognized_keys') {
        return `${field}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      }
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}

function parse<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: string,
): z.infer<S> {
  if (!schema) return undefined as z.infer<S>;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) throw new DomainError('bad_request', describeIssues(where, result.error));
  return result.data;
}

/** Resolves the caller from the request (bearer token). */
export type Authenticate = (req: Request) => Promise<Caller | undefined>;

/** The scope a route needs from the caller's token. */
export function neededScope(spec: RouteSpec): TokenScope {
  return spec.scope ?? (spec.method === 'get' ? 'read' : 'full');
}

/**
 * The route-level half of authorization, the same for every route: who may call it at all (role)
 * and with which token (scope). What a caller may do to one resource (a job, a project) is
 * decided by api/authorize.ts.
 */
function authorizeRoute(spec: RouteSpec, caller: Caller | undefined): void {
  if (spec.access === 'public') return;
  if (!caller) {
    throw new DomainError(
      'unauthenticated',
      'log in first: send "Authorization: Bearer <token>" (see POST /api/v1/auth/login)',
    );
  }
  if (spec.access === 'admin' && caller.role !== 'admin') {
    throw new DomainError('forbidden', 'this needs the admin role');
  }
  const scope = neededScope(spec);
  if (!scopeAllows(caller.scope, scope)) {
    throw new DomainError(
      'forbidden',
      `this token's scope is '${caller.scope}' and this request needs '${scope}'; create a token with scope ${scope}`,
    );
  }
}

async function auditOutcome(
  deps: ApiDeps,
  spec: RouteSpec,
  req: Request,
  caller: Caller | undefined,
  outcome: { result: unknown } | { error: unknown },
): Promise<void> {
  const audit = spec.audit;
  if (!audit || !caller) return;
  const params = req.params as Record<string, string>;
  const base = { actor: caller.username, address: clientAddress(req), action: audit.action };
  if ('result' in outcome) {
    await recordAudit(deps, {
      ...base,
      target: audit.target?.(params, req.body, outcome.result) ?? null,
      outcome: 'ok',
      detail: audit.detail?.(req.body, outcome.result) ?? null,
    });
    return;
  }
  const error = outcome.error;
  const refused = error instanceof DomainError && error.status < 500;
  await recordAudit(deps, {
    ...base,
    target: audit.target?.(params, req.body, undefined) ?? null,
    outcome: refused ? 'refused' : 'failed',
    detail: {
      reason: error instanceof Error ? error.message : String(error),
      ...(audit.keepRefusedBody ? { request: req.body as unknown } : {}),
    },
  });
}

/** Builds the express handler of a route: authenticate, authorize, parse, call, audit, respond. */
export function toHandler(
  spec: RouteSpec,
  authenticate: Authenticate,
  deps: ApiDeps,
): RequestHandler {
  return async (req, res, next) => {
    let caller: Caller | undefined;
    try {
      caller = await authenticate(req);
      authorizeRoute(spec, caller);
      const result = await spec.handle({
        body: parse(spec.body, req.body, 'body'),
        query: parse(spec.query, req.query, 'query'),
        params: req.params as Record<string, string>,
        caller: caller,
        req,
        res,
      });
      await auditOutcome(deps, spec, req, caller, { result });
      if (!res.headersSent) res.status(spec.status ?? 200).json(result ?? {});
    } catch (error) {
      // An audit failure must not replace the answer the caller is owed.
      await auditOutcome(deps, spec, req, caller, { error }).catch(() => undefined);
      next(error);
    }
  };
}

/** A request body the JSON parser refused, as the client is told of it. */
export interface BodyRefusal {
  status: number;
  code: string;
  message: string;
  /** The text that failed to parse; absent when the body was too large to read. */
  text?: string;
  /** The size the client declared, for a body too large to read. */
  bytes?: number;
}

/** What the JSON body parser's error means for the client, or undefined if it is not one. */
export function bodyRefusal(error: unknown): BodyRefusal | undefined {
  const failure = error as {
    type?: unknown;
    message?: unknown;
    limit?: unknown;
    length?: unknown;
    body?: unknown;
  };
  if (failure?.type === 'entity.too.large') {
    return {
      status: 413,
      code: 'payload_too_large',
      message: `request body over the ${String(failure.limit)} byte limit`,
      ...(typeof failure.length === 'number' ? { bytes: failure.length } : {}),
    };
  }
  if (failure?.type === 'entity.parse.failed') {
    return {
      status: 400,
      code: 'bad_request',
      message: `malformed JSON body: ${String(failure.message)}`,
      ...(typeof failure.body === 'string' ? { text: failure.body } : {}),
    };
  }
  return undefined;
}

/**
 * Audits a body the JSON parser refused before the route could see it, as the route's action
 * refused, with the text that failed (or the declared size), then passes the error on for the
 * answer. Like the route's own audit, it records refusals of logged-in callers only.
 */
export function auditBodyRefusal(
  spec: RouteSpec,
  authenticate: Authenticate,
  deps: ApiDeps,
): ErrorRequestHandler {
  return async (error: unknown, req, _res, next) => {
    const refusal = bodyRefusal(error);
    if (refusal && spec.audit) {
      try {
        const caller = await authenticate(req);
        if (caller) {
          await recordAudit(deps, {
            actor: caller.username,
            address: clientAddress(req),
            action: spec.audit.action,
            target: null,
            outcome: 'refused',
            detail: {
              reason: refusal.message,
              ...(refusal.bytes !== undefined ? { bytes: refusal.bytes } : {}),
              ...(spec.audit.keepRefusedBody && refusal.text !== undefined
                ? { body: refusal.text }
                : {}),
            },
          });
        }
      } catch {
        // A caller whose token fails gets the body's error; the route's own answer would be 401.
      }
    }
    next(error);
  };
}
