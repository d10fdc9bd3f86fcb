import type { Readable } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import type { ExecSession } from '../core/executor';
import {
  outputChannels,
  sessionRefreshMs,
  shellClientMessageSchema,
  type ShellServerMessage,
} from '../core/interactive';
import type { ApiDeps } from './context';

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function sendControl(ws: WebSocket, message: ShellServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function ended(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.readableEnded) resolve();
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
}

/**
 * Connects one websocket to one exec'd process: binary frames carry the bytes both ways (without
 * a tty, frames to the client start with their stream, 1 stdout or 2 stderr), JSON text frames
 * carry control (`resize`, `eof` in; `exit` out, last before the close). While it lives the
 * attachment is recorded in MariaDB and refreshed, with whether anything went through, every
 * `sessionRefreshMs` of the idle limit: that is what the idle watcher reads.
 */
export async function runShellSession(
  deps: ApiDeps,
  ws: WebSocket,
  exec: ExecSession,
  job: { id: number; tty: boolean },
): Promise<void> {
  let active = false;
  const forward = (stream: Readable, channel: number) =>
    stream.on('data', (chunk: Buffer) => {
      active = true;
      if (ws.readyState !== ws.OPEN) return;
      ws.send(job.tty ? chunk : Buffer.concat([Buffer.from([channel]), chunk]));
    });
  forward(exec.stdout, outputChannels.stdout);
  forward(exec.stderr, outputChannels.stderr);
  // Messages are handled in the order they came: a resize goes to Docker on its own request,
  // so input sent after it waits until it is done (`stty size` right after a resize sees it).
  let handled = Promise.resolve();
  ws.on('message', (data, isBinary) => {
    active = true;
    const bytes = asBuffer(data);
    handled = handled
      .then(async () => {
        if (!isBinary) await control(exec, ws, bytes.toString('utf8'));
        else if (!exec.stdin.writableEnded) exec.stdin.write(bytes);
      })
      .catch((error: unknown) =>
        deps.log({ level: 'warn', msg: 'shell message failed', error: String(error) }),
      );
  });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  // Recorded only now: frames that arrive meanwhile must already find their listeners.
  const sessionId = await deps.sessions.open(job.id, deps.clock());
  const refresh = setInterval(() => {
    const wasActive = active;
    active = false;
    deps.sessions
      .refresh(sessionId, job.id, deps.clock(), wasActive)
      .catch((error: unknown) =>
        deps.log({ level: 'warn', msg: 'session refresh failed', error: String(error) }),
      );
  }, sessionRefreshMs(deps.config.jobs.interactiveIdleSeconds));
  const finished = Promise.all([exec.exitCode(), ended(exec.stdout), ended(exec.stderr)]).then(
    ([code]) => {
      sendControl(ws, { type: 'exit', code });
      ws.close(1000, 'exited');
    },
    (error: unknown) => {
      sendControl(ws, { type: 'error', message: `the process was lost: ${String(error)}` });
      ws.close(1011, 'lost');
    },
  );
  try {
    await Promise.race([closed, finished]);
  } finally {
    clearInterval(refresh);
    exec.close();
    await deps.sessions.close(sessionId, job.id, deps.clock());
  }
}

async function control(exec: ExecSession, ws: WebSocket, text: string): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const message = shellClientMessageSchema.safeParse(parsed);
  if (!message.success) {
    sendControl(ws, {
      type: 'error',
      message:
        'text frames are control messages: {"type":"resize","rows":R,"cols":C} or {"type":"eof"}; send terminal input as binary frames',
    });
    return;
  }
  if (message.data.type === 'eof') exec.stdin.end();
  // A refused resize (the process just ended) leaves the terminal as it was.
  else await exec.resize(message.data.rows, message.data.cols).catch(() => undefined);
}
