import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { DomainError } from '../core/errors';
import { containerName } from '../core/executor';
import {
  shellExecSpec,
  shellProtocol,
  shellQuerySchema,
  tokenProtocolPrefix,
} from '../core/interactive';
import { scopeAllows } from '../core/tokens';
import { recordAudit } from './audit';
import type { ApiDeps, Caller } from './context';
import { describeIssues } from './route';
import { ownJob, requireAttachable } from './routes/job-shell';
import { runShellSession } from './shell-session';
import { authenticateToken } from './use-cases/login';

const shellPath = /^\/api\/v1\/jobs\/([^/]+)\/shell$/;

/**
 * The bearer token of an upgrade request: the Authorization header (CLI), or for browsers,
 * which cannot set headers on a websocket, a `godocker.token.<token>` subprotocol. Never a
 * query parameter: URLs end up in logs and browser history.
 */
function authorizationOf(req: IncomingMessage): string | undefined {
  if (req.headers.authorization) return req.headers.authorization;
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const token = offered.find((p) => p.startsWith(tokenProtocolPrefix));
  return token ? `Bearer ${token.slice(tokenProtocolPrefix.length)}` : undefined;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = key === 'cmd' ? values : (values[0] ?? '');
  }
  return query;
}

function refuse(socket: Duplex, error: DomainError): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

async function authorizedCaller(deps: ApiDeps, req: IncomingMessage): Promise<Caller> {
  const caller = await authenticateToken(deps, authorizationOf(req));
  if (!caller) {
    throw new DomainError(
      'unauthenticated',
      `log in first: send "Authorization: Bearer <token>" or the subprotocol ${tokenProtocolPrefix}<token>`,
    );
  }
  if (!scopeAllows(caller.scope, 'jobs')) {
    throw new DomainError(
      'forbidden',
      `this token's scope is '${caller.scope}' and a shell needs 'jobs'; create a token with scope jobs`,
    );
  }
  return caller;
}

/** Handles websocket upgrades of `/api/v1/jobs/:id/shell` on the API's HTTP server. */
export class ShellGateway {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    // Select our protocol, never echo the token one back.
    handleProtocols: (offered) => (offered.has(shellProtocol) ? shellProtocol : false),
  });

  constructor(private readonly deps: ApiDeps) {}

  /** The server's `upgrade` listener: authenticates, authorizes, starts the process, attaches. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.attach(req, socket, head).catch((error: unknown) => {
      if (error instanceof DomainError) return refuse(socket, error);
      const id = randomUUID();
      this.deps.log({
        level: 'error',
        msg: 'shell attach failed',
        errorId: id,
        error: String(error),
      });
      refuse(socket, new DomainError('internal', `internal error (${id})`));
    });
  }

  private async attach(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://api');
    const match = shellPath.exec(url.pathname);
    if (!match?.[1]) throw new DomainError('not_found', `no websocket at ${url.pathname}`);
    const caller = await authorizedCaller(this.deps, req);
    const parsed = shellQuerySchema.safeParse(queryOf(url));
    if (!parsed.success)
      throw new DomainError('bad_request', describeIssues('query', parsed.error));
    const { tty, cmd, rows, cols } = parsed.data;
    const command = cmd === undefined ? undefined : typeof cmd === 'string' ? [cmd] : cmd;
    const audit = { actor: caller.username, address: req.socket.remoteAddress ?? 'unknown' };
    const target = `job/${decodeURIComponent(match[1])}`;
    const action = command ? 'job.exec' : 'job.shell';
    try {
      const job = await ownJob(this.deps, caller, decodeURIComponent(match[1]));
      requireAttachable(job, command ? 'command' : 'shell');
      const size = rows && cols ? { rows, cols } : undefined;
      const spec = shellExecSpec(job, {
        tty: tty === '1',
        ...(command ? { command } : {}),
        ...(size ? { size } : {}),
      });
      const exec = await this.deps.executor.exec(
        containerName(this.deps.config.instance, job.id),
        spec,
      );
      await recordAudit(this.deps, {
        ...audit,
        action,
        target,
        outcome: 'ok',
        detail: command ? { command } : null,
      });
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        void runShellSession(this.deps, ws, exec, { id: job.id, tty: spec.tty }).catch(
          (error: unknown) =>
            this.deps.log({ level: 'warn', msg: 'shell session failed', error: String(error) }),
        );
      });
    } catch (error) {
      const refused = error instanceof DomainError && error.status < 500;
      const reason = error instanceof Error ? error.message : String(error);
      await recordAudit(this.deps, {
        ...audit,
        action,
        target,
        outcome: refused ? 'refused' : 'failed',
        detail: { reason },
      });
      throw error;
    }
  }

  /** Closes every open attachment (the API is shutting down). */
  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
