import { z } from 'zod';
import type { ContainerUsage } from './executor';

/** One point of a job's resource series. */
export const jobSampleSchema = z.object({
  at: z.iso.datetime(),
  cpuPercent: z.number().describe('CPU use since the previous sample; 100 = one full core'),
  cpuSeconds: z.number().describe('CPU time used since the start'),
  memoryBytes: z.int().describe('Memory in use (without reclaimable cache)'),
  memoryLimitBytes: z.int(),
  blockReadBytes: z.int(),
  blockWriteBytes: z.int(),
  netRxBytes: z.int(),
  netTxBytes: z.int(),
  pids: z.int(),
});

/** One point of a job's resource series. */
export type JobSample = z.infer<typeof jobSampleSchema>;

/** Response of `GET /api/v1/jobs/:id/stats`. */
export const jobStatsSchema = z.object({
  jobId: z.int(),
  state: z.string(),
  intervalSeconds: z.number().describe('Sampling interval while the job runs'),
  cpuSeconds: z.number().describe('CPU time used (the final figure once the job has ended)'),
  maxMemoryMiB: z.int().nullable().describe('Peak memory seen'),
  memoryLimitMiB: z.int(),
  oomKilled: z.boolean().describe('The kernel killed the job at its memory limit'),
  samples: z.array(jobSampleSchema).describe('Oldest first; older parts thinned for long jobs'),
});

/** A job's resource series with its peaks. */
export type JobStats = z.infer<typeof jobStatsSchema>;

/** Query of `GET /api/v1/jobs/:id/stats`. */
export const jobStatsQuerySchema = z.strictObject({
  follow: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .describe('1: an event stream of new samples until the job ends'),
  since: z.iso.datetime().optional().describe('Only samples after this time'),
});

/**
 * A sample from two successive readings: CPU use is the CPU time spent between them over the wall
 * time that passed (100 % = one core busy the whole time).
 */
export function sampleFrom(
  usage: ContainerUsage,
  at: Date,
  previous: { cpuSeconds: number; at: Date } | undefined,
): JobSample {
  const wallSeconds = previous ? (at.getTime() - previous.at.getTime()) / 1000 : 0;
  const cpuPercent =
    previous && wallSeconds > 0
      ? Math.max(0, ((usage.cpuSeconds - previous.cpuSeconds) / wallSeconds) * 100)
      : 0;
  return {
    at: at.toISOString(),
    cpuPercent: Math.round(cpuPercent * 10) / 10,
    cpuSeconds: usage.cpuSeconds,
    memoryBytes: usage.memoryBytes,
    memoryLimitBytes: usage.memoryLimitBytes,
    blockReadBytes: usage.blockReadBytes,
    blockWriteBytes: usage.blockWriteBytes,
    netRxBytes: usage.netRxBytes,
    netTxBytes: usage.netTxBytes,
    pids: usage.pids,
  };
}

/**
 * Which of `count` samples (oldest first) to drop to stay within `max`: every other one, keeping
 * the first and the last. Done each time the series fills up, this halves the resolution of
 * what is already stored while new samples arrive at full rate, so the series always spans the
 * whole run, finest for the recent part and coarser the older the part.
 */
export function samplesToThin(count: number, max: number): number[] {
  if (count <= max) return [];
  const drop: number[] = [];
  for (let i = 1; i < count - 1; i += 2) drop.push(i);
  return drop;
}
