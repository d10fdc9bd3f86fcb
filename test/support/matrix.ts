import type { TokenScope } from '../../core/tokens';
import { call } from './http';

// An authorization matrix: every route of the API × every kind of caller, each cell saying
// whether that caller may succeed. The cells are declared here by intent (who should), never
// derived from the server's code (who does), so a rule that drifts shows up as a failing cell.

/** The callers: nobody, the job's owner (session, read token, jobs token), others and an admin. */
export const actors = [
  'anonymous',
  'owner',
  'other',
  'manager',
  'othermanager',
  'admin',
  'ownerRead',
  'ownerJobs',
] as const;

/** One kind of caller. */
export type Actor = (typeof actors)[number];

/** Callers holding a full-scope login session (or nothing, for anonymous). */
export type SessionActor = Exclude<Actor, 'ownerRead' | 'ownerJobs'>;

/** What a caller should get: a 2xx, or exactly this refusal. */
export type Outcome = 'ok' | 401 | 403 | 404;

/** The expected outcome of each session actor; the owner's scoped tokens follow from the owner's. */
export type Expectations = Record<SessionActor, Outcome>;

/** Anyone may call it, logged in or not. */
export const everyone: Expectations = {
  anonymous: 'ok',
  owner: 'ok',
  other: 'ok',
  manager: 'ok',
  othermanager: 'ok',
  admin: 'ok',
};

/** Only `allowed` succeed; other users get `refusal`, anonymous callers 401. */
export function only(allowed: SessionActor[], refusal: 403 | 404): Expectations {
  const outcome = (actor: SessionActor): Outcome => (allowed.includes(actor) ? 'ok' : refusal);
  return {
    anonymous: 401,
    owner: outcome('owner'),
    other: outcome('other'),
    manager: outcome('manager'),
    othermanager: outcome('othermanager'),
    admin: outcome('admin'),
  };
}

/** Any logged-in user. */
export const loggedIn = only(['owner', 'other', 'manager', 'othermanager', 'admin'], 403);

/** Admins only. */
export const adminOnly = only(['admin'], 403);

/** A request as one actor sends it. */
export interface MatrixRequest {
  /** The concrete path, e.g. `/api/v1/jobs/7`. */
  path: string;
  body?: unknown;
  /** A token other than the actor's usual one (e.g. a fresh session to log out). */
  token?: string;
  /** A stream that stays open when allowed: only the status is read, then the request is cut. */
  statusOnly?: boolean;
}

async function statusOf(
  url: string,
  token: string | undefined,
): Promise<{ status: number; text: string }> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: abort.signal,
  });
  const ok = response.ok;
  const text = ok ? '(stream)' : await response.text();
  abort.abort();
  return { status: response.status, text };
}

/** One row of the matrix: an operation of the OpenAPI document, perhaps in a variant. */
export interface MatrixCase {
  /** As the OpenAPI document names it: `DELETE /api/v1/jobs/{id}`. */
  operation: string;
  /** What this row adds to the plain operation, e.g. `?project=genomics`. */
  variant?: string;
  /** The token scope it needs; null for public routes. */
  scope: TokenScope | null;
  expect: Expectations;
  /**
   * The request of one actor, built just before that actor's call so that a destructive route
   * gets a fresh target each time. It must be valid, so that a refusal can only be authorization.
   */
  request(actor: Actor): Promise<MatrixRequest>;
}

const scopeRank: Record<TokenScope, number> = { read: 0, jobs: 1, full: 2 };

/** The outcome an actor should get on a row: scoped tokens get 403 where their scope falls short. */
export function expectedOutcome(row: MatrixCase, actor: Actor): Outcome {
  if (actor !== 'ownerRead' && actor !== 'ownerJobs') return row.expect[actor];
  const held: TokenScope = actor === 'ownerRead' ? 'read' : 'jobs';
  if (row.scope !== null && scopeRank[held] < scopeRank[row.scope]) return 403;
  return row.expect.owner;
}

/** What one actor got on one row. */
export interface Cell {
  row: string;
  actor: Actor;
  expected: Outcome;
  status: number;
  text: string;
}

/** The name of a row in reports: its operation and variant. */
export function rowName(row: MatrixCase): string {
  return row.variant ? `${row.operation} ${row.variant}` : row.operation;
}

/** Sends every row's request as every actor, one at a time (rows may depend on fresh targets). */
export async function runMatrix(
  baseUrl: string,
  rows: readonly MatrixCase[],
  tokens: Record<Actor, string | undefined>,
): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const row of rows) {
    const method = row.operation.split(' ')[0] ?? 'GET';
    for (const actor of actors) {
      const request = await row.request(actor);
      const token = request.token ?? tokens[actor];
      const answer = request.statusOnly
        ? await statusOf(`${baseUrl}${request.path}`, token)
        : await call(baseUrl, method, request.path, {
            ...(token ? { token } : {}),
            ...(request.body !== undefined ? { body: request.body } : {}),
          });
      const expected = expectedOutcome(row, actor);
      cells.push({ row: rowName(row), actor, expected, status: answer.status, text: answer.text });
    }
  }
  return cells;
}

/** True for a 2xx status. */
export function succeeded(cell: Cell): boolean {
  return cell.status >= 200 && cell.status < 300;
}

/** One line of a failure report: row × actor → status, with the start of the answer. */
export function describeCell(cell: Cell): string {
  return `${cell.row} × ${cell.actor}: expected ${cell.expected}, got ${cell.status} ${cell.text.slice(0, 160)}`;
}

/** The operations of an OpenAPI document, as `METHOD /path`. */
export function documentedOperations(paths: Record<string, Record<string, unknown>>): string[] {
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
}
