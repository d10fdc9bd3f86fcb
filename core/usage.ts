import { z } from 'zod';
import { accountKinds, accountNameSchema } from './accounts';
import { badRequest } from './errors';

// Accounting: what one finished job is charged, and the usage report over those charges. The
// same record feeds fair share (its cpu and memory), the budgets and the report, so the three
// can never disagree.

/** The states a job's usage record is written in: it has ended. */
export const finishedStates = ['succeeded', 'failed', 'killed'] as const;

/** How a job ended, as its usage record keeps it. */
export type FinishedState = (typeof finishedStates)[number];

/** A finished job as accounting reads it (from its record, at finalization). */
export interface FinishedJob {
  state: FinishedState;
  exitCode: number | null;
  submittedAt: Date;
  /** Null for a job that never started (killed while pending, refused at admission or launch). */
  startedAt: Date | null;
  finishedAt: Date;
  /** cpu-seconds measured while it ran. */
  cpuSeconds: number;
  /** Its memory limit: what it held, whatever it touched. */
  memoryMiB: number;
}

/** What a finished job is charged. */
export interface JobUsage {
  wallSeconds: number;
  /** From submission to start; null when it never started (it did not wait for a start). */
  waitSeconds: number | null;
  cpuSeconds: number;
  /** The memory it held (its limit) times the time it ran. */
  memoryMiBSeconds: number;
}

const secondsBetween = (a: Date, b: Date) => Math.max(0, (b.getTime() - a.getTime()) / 1000);

/** The charge of a finished job; a job that never started used nothing. */
export function jobUsage(job: FinishedJob): JobUsage {
  if (!job.startedAt)
    return { wallSeconds: 0, waitSeconds: null, cpuSeconds: 0, memoryMiBSeconds: 0 };
  const wallSeconds = secondsBetween(job.startedAt, job.finishedAt);
  return {
    wallSeconds,
    waitSeconds: secondsBetween(job.submittedAt, job.startedAt),
    cpuSeconds: job.cpuSeconds,
    memoryMiBSeconds: job.memoryMiB * wallSeconds,
  };
}

/** How a report groups finished jobs in time: calendar buckets in UTC, or one for the period. */
export const usageGranularities = ['day', 'week', 'month', 'total'] as const;

/** One way of grouping a report in time. */
export type UsageGranularity = (typeof usageGranularities)[number];

/** The default length of a report's period, ending now (or at `to`). */
export const defaultUsageDays = 30;

/** The longest period one report may cover: three years, leap day included. */
export const maxUsageDays = 3 * 365 + 1;

const dayMs = 86_400_000;

/** An instant in a report query: an ISO 8601 date (midnight UTC) or date-time with its offset. */
export const usageInstantSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'use an ISO 8601 date or date-time, e.g. 2025-03-01 or 2025-03-01T12:00:00Z',
});

/** Reads an instant the query schema accepted: a bare date is midnight UTC. */
export function usageInstant(text: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
}

/** Query of `GET /api/v1/usage`. */
export const usageQuerySchema = z.strictObject({
  by: z.enum(accountKinds).default('user').describe('The kind of account to report on'),
  name: accountNameSchema.optional().describe('Only this account (of the kind `by`)'),
  from: usageInstantSchema
    .optional()
    .describe(
      `Start, inclusive (ISO 8601 date or date-time); default ${defaultUsageDays} days before to`,
    ),
  to: usageInstantSchema.optional().describe('End, exclusive (ISO 8601); default now'),
  granularity: z
    .enum(usageGranularities)
    .default('total')
    .describe('Buckets by finish time, UTC: day, week (from Monday), month, or total'),
  format: z.enum(['json', 'csv']).default('json').describe('csv: text/csv with a header line'),
});

/** Query of `GET /api/v1/usage`, as parsed. */
export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** Query of `GET /api/v1/usage`, as a client sends it. */
export type UsageQueryInput = z.input<typeof usageQuerySchema>;

/**
 * The period a report covers: the query's bounds, defaulting to the last 30 days before `to`
 * (itself defaulting to now). Refuses an empty, reversed or overlong period, naming the field.
 */
export function usagePeriod(query: Pick<UsageQuery, 'from' | 'to'>, now: Date) {
  const to = query.to === undefined ? now : usageInstant(query.to);
  const from =
    query.from === undefined
      ? new Date(to.getTime() - defaultUsageDays * dayMs)
      : usageInstant(query.from);
  if (from.getTime() >= to.getTime()) {
    throw badRequest(
      `query.from: must be before query.to (from ${from.toISOString()}, to ${to.toISOString()})`,
    );
  }
  if (to.getTime() - from.getTime() > maxUsageDays * dayMs) {
    throw badRequest(
      `query.from: a report covers at most ${maxUsageDays} days (3 years); move from or to closer`,
    );
  }
  return { from, to };
}

/**
 * The starts (YYYY-MM-DD, UTC) of every day, week (from Monday) or month bucket that overlaps
 * [from, to): the periods a report can have rows for, so a chart can show the empty ones too.
 * Granularity total has no calendar buckets: its one period is `from`.
 */
export function usageBuckets(from: Date, to: Date, granularity: UsageGranularity): string[] {
  if (granularity === 'total') return [from.toISOString()];
  const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  if (granularity === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  if (granularity === 'month') start.setUTCDate(1);
  const buckets: string[] = [];
  for (const at = start; at.getTime() < to.getTime();) {
    buckets.push(at.toISOString().slice(0, 10));
    if (granularity === 'day') at.setUTCDate(at.getUTCDate() + 1);
    else if (granularity === 'week') at.setUTCDate(at.getUTCDate() + 7);
    else at.setUTCMonth(at.getUTCMonth() + 1);
  }
  return buckets;
}

/** One line of a usage report: an account's finished jobs in one time bucket. */
export const usageRowSchema = z.object({
  period: z
    .string()
    .describe(
      'Start of the bucket: a UTC date (YYYY-MM-DD; weeks start on Monday), or with granularity total the report’s from',
    ),
  kind: z.enum(accountKinds),
  name: z.string(),
  jobs: z.int().describe('Jobs that finished in the bucket'),
  succeeded: z.int(),
  failed: z.int(),
  killed: z.int(),
  cpuHours: z.number().describe('cpu time measured'),
  memoryGiBHours: z.number().describe('Memory limit (GiB) times hours run'),
  wallHours: z.number().describe('Time the jobs ran, summed'),
  meanWaitSeconds: z
    .number()
    .nullable()
    .describe('Mean time from submission to start of the jobs that started; null if none did'),
});

/** One line of a usage report. */
export type UsageRow = z.infer<typeof usageRowSchema>;

/** Response of `GET /api/v1/usage` (format json). */
export const usageReportSchema = z.object({
  by: z.enum(accountKinds),
  granularity: z.enum(usageGranularities),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  name: z.string().nullable().describe('The one account reported on, if the query named one'),
  owner: z
    .string()
    .nullable()
    .describe('When set, only the jobs of this user are counted (what a plain user may see)'),
  rows: z.array(usageRowSchema).describe('By period, then account name'),
});

/** Response of `GET /api/v1/usage`. */
export type UsageReport = z.infer<typeof usageReportSchema>;
