import { Flags } from '@oclif/core';
import type { ApiClient } from '../../../client/api-client';
import type { JobEventGap, JobStateEvent } from '../../../core/events';
import { isFinal, type JobState } from '../../../core/job';
import { BaseCommand } from '../../base-command';
import { followJobEvents, type JobEventQuery } from '../../event-stream';
import { CliFailure } from '../../failure';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `12:03:04`, in the reader's local time. */
function clockTime(iso: string): string {
  const t = new Date(iso);
  return `${pad2(t.getHours())}:${pad2(t.getMinutes())}:${pad2(t.getSeconds())}`;
}

function parseIds(words: readonly string[]): number[] {
  return words.map((word) => {
    const id = Number(word);
    if (!/^\d+$/.test(word) || !Number.isSafeInteger(id) || id < 1)
      throw new CliFailure(`ID: '${word}' is not a job id (a positive integer)`, 'bad_argument');
    return id;
  });
}

/** The exit status of a finished job, as `job submit --wait` hands it on. */
function exitStatus(event: JobStateEvent): number {
  return event.exitCode ?? (event.state === 'succeeded' ? 0 : 1);
}

/**
 * `godocker job watch [ID...]`: one line per job state change as it happens, from the server's
 * event stream (no polling). With IDs it first replays those jobs' history and exits once all of
 * them have ended, with the first non-zero exit status among them in the order given (so 0 when
 * all succeeded, and the job's own exit code for one job). Without IDs it runs until Ctrl-C.
 */
export default class JobWatch extends BaseCommand<typeof JobWatch> {
  static override summary = 'Print job state changes as they happen; with IDs, until those end';
  static override strict = false;
  static override usage = 'job watch [ID...] [--project P | --all] [--json]';
  static override description = `One line per state change, from the server's event stream (no polling).
With IDs: their history so far, then live, until all have ended; the exit status is that of the first job (in the order given) that did not succeed, 0 when all did. Without IDs: your own jobs (--project, --all for more) until Ctrl-C.
A dropped connection is resumed after the last event printed; --json prints one event object per line.`;

  static override examples = [
    '<%= config.bin %> job watch 42',
    '<%= config.bin %> job watch 42 43 --json',
    '<%= config.bin %> job watch --project genomics',
    '<%= config.bin %> job watch --all',
  ];

  static override flags = {
    project: Flags.string({
      char: 'p',
      summary: "Only this project's jobs (its manager and admins)",
      exclusive: ['all'],
    }),
    all: Flags.boolean({
      summary:
        "Every job you may see: everyone's for admins, your managed projects' too for managers",
    }),
  };

  private readonly states = new Map<number, JobState>();
  private readonly ended = new Map<number, JobStateEvent>();

  /** Plain: lines on stdout. --json: one event object a line (the stream is the output). */
  async run(): Promise<void> {
    const ids = parseIds(this.extraArgv);
    if (ids.length > 0 && this.flags.all)
      throw new CliFailure('give job IDs or --all, not both', 'bad_argument');
    const client = await this.client();
    const query = await this.query(ids, client);
    if (!this.jsonEnabled()) {
      const what = ids.length > 0 ? `job${ids.length > 1 ? 's' : ''} ${ids.join(', ')}` : 'jobs';
      this.logToStderr(`Watching ${what} (Ctrl-C stops watching, not the jobs)`);
    }
    await followJobEvents(client, query, {
      onEvent: (event) => this.show(event, ids),
      onGap: (gap) => this.warnGap(gap),
      onReconnecting: (since, delayMs, cause) => {
        const why = cause instanceof Error ? cause.message : String(cause);
        const from = since === undefined ? '' : ` after event ${since}`;
        process.stderr.write(
          `connection lost (${why}); reconnecting in ${delayMs / 1000} s, resuming${from}…\n`,
        );
      },
      onReconnected: () => process.stderr.write('reconnected\n'),
    });
    const statuses = ids.map((id) => this.ended.get(id)).map((e) => (e ? exitStatus(e) : 0));
    process.exitCode = statuses.find((status) => status !== 0) ?? 0;
  }

  /** With IDs, their whole history first; else from now on, your own jobs unless told otherwise. */
  private async query(ids: number[], client: ApiClient): Promise<JobEventQuery> {
    if (ids.length > 0) return { job: ids, since: 0, project: this.flags.project };
    if (this.flags.project !== undefined) return { project: this.flags.project };
    return this.flags.all ? {} : { owner: (await client.me()).username };
  }

  private show(event: JobStateEvent, ids: readonly number[]): 'stop' | 'more' {
    if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify(event)}\n`);
    else this.log(this.line(event));
    this.states.set(event.jobId, event.state);
    if (isFinal(event.state)) this.ended.set(event.jobId, event);
    return ids.length > 0 && ids.every((id) => this.ended.has(id)) ? 'stop' : 'more';
  }

  /** `12:03:04  job 42 (align)  pending → running  reason`; the owner too when streams mix them. */
  private line(event: JobStateEvent): string {
    const before = this.states.get(event.jobId);
    const change = before ? `${before} → ${event.state}` : event.state;
    const who = this.flags.all || this.flags.project ? `, ${event.owner}` : '';
    const label = `job ${event.jobId} (${event.name}${who})`;
    return `${clockTime(event.at)}  ${label}  ${change}  ${event.reason ?? ''}`.trimEnd();
  }

  private warnGap(gap: JobEventGap): void {
    process.stderr.write(`warning: ${gap.message}\n`);
  }
}
