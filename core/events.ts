import { z } from 'zod';
import { jobStates } from './job';

// Job events: the state changes of jobs, as `GET /api/v1/events` streams them (server-sent
// events). The schemas are shared by the API, the CLI and the web UI; `eventMatches` is the one
// rule that decides which subscriber receives which event.

/** The SSE event names of the stream: a state change, a notice of skipped backlog, a refusal. */
export const eventNames = { job: 'job', gap: 'gap', end: 'end' } as const;

/** One state change of a job; `eventId` is also the SSE `id:` a client resumes from. */
export const jobStateEventSchema = z.object({
  eventId: z.int().describe('The id of the stored state change; sent as the SSE id'),
  jobId: z.int(),
  name: z.string(),
  owner: z.string(),
  project: z.string(),
  queue: z.string(),
  state: z.enum(jobStates),
  reason: z.string().nullable(),
  exitCode: z.int().optional().describe('Final states of jobs whose container exited'),
  at: z.iso.datetime(),
});

/** One state change of a job, as streamed. */
export type JobStateEvent = z.infer<typeof jobStateEventSchema>;

/** A stored state change with the owner's id, which visibility is decided on (never streamed). */
export interface JobEventRecord extends JobStateEvent {
  ownerId: number;
}

/** The data of a `gap` event: the backlog after `since` was too long, only its newest part follows. */
export const jobEventGapSchema = z.object({
  since: z.int(),
  resumesAt: z.int().describe('The first event id sent after the gap'),
  message: z.string(),
});

/** The data of a `gap` event. */
export type JobEventGap = z.infer<typeof jobEventGapSchema>;

/** The data of an `end` event: why the server closed the stream (the API's error shape). */
export const streamEndSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

const maxJobIds = 100;

const jobIdList = z.union([z.string(), z.array(z.string())]).transform((value, ctx) => {
  const words = [value].flat().flatMap((part) => part.split(','));
  const ids = new Set<number>();
  for (const word of words.map((w) => w.trim())) {
    const id = Number(word);
    if (!/^\d+$/.test(word) || !Number.isSafeInteger(id) || id < 1) {
      ctx.addIssue({
        code: 'custom',
        message: `'${word}' is not a job id: give positive integers, e.g. job=42&job=43 or job=42,43`,
      });
      return z.NEVER;
    }
    ids.add(id);
  }
  if (ids.size > maxJobIds) {
    ctx.addIssue({ code: 'custom', message: `at most ${maxJobIds} jobs per stream` });
    return z.NEVER;
  }
  return [...ids];
});

/** An event id given as text (`since`, `Last-Event-ID`); 0 means "from the first event". */
export const eventIdText = z
  .string()
  .regex(/^\d{1,15}$/, 'must be an event id: the number of an SSE `id:` line, e.g. 1234')
  .transform(Number);

/** Filters of `GET /api/v1/events`. */
export const jobEventsQuerySchema = z.strictObject({
  job: jobIdList
    .optional()
    .describe(`Only these jobs: job=42&job=43 or job=42,43 (at most ${maxJobIds})`),
  project: z.string().optional().describe("A project's jobs: admins and the project's manager"),
  owner: z
    .string()
    .optional()
    .describe("A user's jobs: admins, or project managers together with project"),
  since: eventIdText
    .optional()
    .describe('Replay the events after this id first (the Last-Event-ID header wins)'),
});

/** Filters of `GET /api/v1/events`, parsed. */
export type JobEventsQuery = z.infer<typeof jobEventsQuerySchema>;

/** Which events one subscriber receives: what the caller may see, narrowed by their filters. */
export interface JobEventFilter {
  /** Everyone's jobs (admins), or the caller's own and those of the projects they manage. */
  visible: 'all' | { ownerId: number; managedProjects: readonly string[] };
  jobIds?: readonly number[];
  owner?: string;
  project?: string;
}

/** True when the subscriber with this filter receives the event. */
export function eventMatches(filter: JobEventFilter, event: JobEventRecord): boolean {
  const visible = filter.visible;
  if (
    visible !== 'all' &&
    event.ownerId !== visible.ownerId &&
    !visible.managedProjects.includes(event.project)
  ) {
    return false;
  }
  if (filter.jobIds && !filter.jobIds.includes(event.jobId)) return false;
  if (filter.owner !== undefined && event.owner !== filter.owner) return false;
  return filter.project === undefined || event.project === filter.project;
}

/** What a job event stream streams for a record: the event without internal fields. */
export function publicEvent(record: JobEventRecord): JobStateEvent {
  const { ownerId: _ownerId, ...event } = record;
  return event;
}
