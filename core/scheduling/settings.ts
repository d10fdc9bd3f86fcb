import { z } from 'zod';

const weight = (fallback: number, what: string) =>
  z.number().min(0).default(fallback).describe(what);

/** Weights of the multifactor priority: each factor is scaled to [0, 1] (or [-1, 1]) first. */
export const schedulingWeightsSchema = z.strictObject({
  fairShare: weight(10_000, 'Fair Tree rank of the (group, user) leaf; 1 = most under-served'),
  age: weight(1000, 'Time waited, saturating at ageSaturationSeconds'),
  queue: weight(1000, 'Admin priority of the queue, -1000..1000 scaled to -1..1'),
  user: weight(1000, 'Admin priority of the owner'),
  group: weight(1000, 'Admin priority of the group charged'),
  project: weight(1000, 'Admin priority of the project charged'),
  job: weight(1000, 'Admin priority of the job itself'),
});

/** The weights of the multifactor priority. */
export type SchedulingWeights = z.infer<typeof schedulingWeightsSchema>;

const day = 86_400;

/** Tunables of the scheduling policies; a site embeds this in its configuration file. */
export const schedulingSettingsSchema = z.strictObject({
  weights: schedulingWeightsSchema.prefault({}),
  ageSaturationSeconds: z
    .int()
    .positive()
    .default(7 * day)
    .describe('Waiting this long gives the full age factor'),
  usageHalfLifeSeconds: z
    .int()
    .positive()
    .default(7 * day)
    .describe('Past usage counts half after this long, a quarter after twice as long'),
  budgetWindowSeconds: z
    .int()
    .positive()
    .default(7 * day)
    .describe('Rolling window of cpu-hour and memory-GB-hour budgets that set no window'),
  memoryCpuSecondsPerGbSecond: z
    .number()
    .min(0)
    .default(0.25)
    .describe('Fair-share usage charges a GB of memory held as this many cpus (4 GB = 1 cpu)'),
});

/** Tunables of the scheduling policies, with every default filled in. */
export type SchedulingSettings = z.infer<typeof schedulingSettingsSchema>;

/** The settings a site gets when its configuration says nothing. */
export const defaultSchedulingSettings: SchedulingSettings = schedulingSettingsSchema.parse({});

/** Admin priorities (queue, user, group, project, job) run from -1000 to 1000. */
export const adminPriorityRange = 1000;
