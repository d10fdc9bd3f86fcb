import { z } from 'zod';
import type { ExecSpec } from './executor';

// Interactive jobs (docs/interactive.md): the container's main process keeps it up, the owner
// attaches shells through the API, and an idle watcher ends it when nobody uses it.

/**
 * How often an open attachment records that it is alive (and any activity it saw): every 10 s,
 * or a quarter of the idle limit when that is shorter, so recorded activity is never a large
 * part of the limit behind.
 */
export function sessionRefreshMs(idleLimitSeconds: number): number {
  return Math.max(250, Math.min(10_000, (idleLimitSeconds * 1000) / 4));
}

/** An attachment not refreshed for this long counts as gone (its API process died). */
export function sessionStaleMs(idleLimitSeconds: number): number {
  return 3 * sessionRefreshMs(idleLimitSeconds);
}

/** The websocket subprotocol of shell attachments; the server always selects this one. */
export const shellProtocol = 'godocker.shell.v1' as const;

/** Prefix of the subprotocol that carries a bearer token (for browsers, which cannot set headers). */
export const tokenProtocolPrefix = 'godocker.token.';

function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The main process of an interactive job's container: the job's command first (if any; its
 * failure ends the job with its exit code), then a wait that lasts until the container is
 * stopped. SIGTERM (a kill, the max lifetime, the idle watcher) ends it at once with 0 rather
 * than after the kill grace: the shell is PID 1 and would otherwise ignore the signal.
 */
export function keepAliveScript(command: string): string {
  const setup = command.trim() === '' ? '' : `/bin/sh -c ${singleQuoted(command)} || exit $?\n`;
  return `trap 'exit 0' TERM INT HUP\n${setup}while :; do sleep 3600 & wait $!; done\n`;
}

/** Who a job runs as and where: what a shell in it needs. */
export interface ShellTarget {
  uid: number;
  gid: number;
  root: boolean;
  home: string;
  owner: string;
  id: number;
}

/**
 * The process an attachment starts: a login-like `/bin/sh` (or `command`) as the job's own
 * uid:gid (0:0 for root jobs), in the home, with the environment a terminal needs.
 */
export function shellExecSpec(
  job: ShellTarget,
  options: { command?: string[]; tty: boolean; size?: { rows: number; cols: number } },
): ExecSpec {
  return {
    cmd: options.command && options.command.length > 0 ? options.command : ['/bin/sh'],
    tty: options.tty,
    uid: job.root ? 0 : job.uid,
    gid: job.root ? 0 : job.gid,
    workingDir: job.home,
    env: {
      HOME: job.home,
      USER: job.owner,
      LOGNAME: job.owner,
      TERM: 'xterm-256color',
      GODOCKER_JOB_ID: String(job.id),
    },
    ...(options.size ? { size: options.size } : {}),
  };
}

/** The idle watcher's view of one job: attachments open now and the last use of any. */
export interface SessionActivity {
  openSessions: number;
  lastActivityAt: Date | null;
}

/**
 * Seconds since anyone used the job: since the last input or output through an attachment, or
 * an attachment opening or closing. An attachment left open and untouched does not keep the
 * job: a forgotten browser tab must not hold cpus and memory until the max lifetime. A job
 * nobody ever attached to is idle since it started.
 */
export function idleSeconds(activity: SessionActivity, startedAt: Date, now: Date): number {
  const since = activity.lastActivityAt ?? startedAt;
  return Math.max(0, (now.getTime() - since.getTime()) / 1000);
}

/** Why the idle watcher ended a job. */
export function idleReason(limitSeconds: number): string {
  return `IdleTimeout: no input or output for ${limitSeconds} s`;
}

const terminalSize = z.int().min(1).max(1000);

/** A control message from the client (JSON text frame). */
export const shellClientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('resize'), rows: terminalSize, cols: terminalSize }),
  z.strictObject({ type: z.literal('eof') }),
]);

/** A control message from the client. */
export type ShellClientMessage = z.infer<typeof shellClientMessageSchema>;

/** A control message from the server (JSON text frame), the last one before it closes. */
export const shellServerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('exit'), code: z.int() }),
  z.strictObject({ type: z.literal('error'), message: z.string() }),
]);

/** A control message from the server. */
export type ShellServerMessage = z.infer<typeof shellServerMessageSchema>;

/** Without a tty, each binary frame from the server starts with its stream: 1 stdout, 2 stderr. */
export const outputChannels = { stdout: 1, stderr: 2 } as const;

/** The query of the attach endpoint `GET /api/v1/jobs/:id/shell` (websocket). */
export const shellQuerySchema = z.strictObject({
  tty: z
    .enum(['0', '1'])
    .default('1')
    .describe('1: a terminal (shell); 0: plain pipes, stdout and stderr apart (exec)'),
  cmd: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1).max(256)])
    .optional()
    .describe('Program and arguments to run instead of /bin/sh (repeat: cmd=sh&cmd=-c&cmd=...)'),
  rows: z.coerce.number().pipe(terminalSize).optional(),
  cols: z.coerce.number().pipe(terminalSize).optional(),
});

/** What `GET /api/v1/jobs/:id/shell` answers without a websocket upgrade. */
export const shellInfoSchema = z.object({
  attachable: z.boolean().describe('True when a websocket upgrade of this URL would attach now'),
  reason: z.string().nullable().describe('Why not, when it is not attachable'),
  protocol: z.literal(shellProtocol),
  openSessions: z.int().describe('Attachments open now, from every API process'),
  idleTimeoutSeconds: z.int().describe('The job ends after this long without any attachment'),
});

/** What `GET /api/v1/jobs/:id/shell` answers without a websocket upgrade. */
export type ShellInfo = z.infer<typeof shellInfoSchema>;
