import type { Request, RequestHandler, Response } from 'express';
import { type z } from 'zod';
import { DomainError } from '../core/errors';
import type { Caller } from './context';

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

/** Builds the express handler of a route: authenticate, authorize, parse, call, respond. */
export function toHandler(spec: RouteSpec, authenticate: Authenticate): RequestHandler {
  return async (req, res, next) => {
    try {
      const caller = await authenticate(req);
      if (spec.access !== 'public' && !caller) {
        throw new DomainError(
          'unauthenticated',
          'log in first: send "Authorization: Bearer <token>" (see POST /api/v1/auth/login)',
        );
      }
      if (spec.access === 'admin' && caller?.role !== 'admin') {
        throw new DomainError('forbidden', 'this needs the admin role');
      }
      const result = await spec.handle({
        body: parse(spec.body, req.body, 'body'),
        query: parse(spec.query, req.query, 'query'),
        params: req.params as Record<string, string>,
        caller: caller,
        req,
        res,
      });
      if (!res.headersSent) res.status(spec.status ?? 200).json(result ?? {});
    } catch (error) {
      next(error);
    }
  };
}
