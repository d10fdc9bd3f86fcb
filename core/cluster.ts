import { z } from 'zod';

/** One execution node: what it offers, what jobs hold, what they use now. */
export const clusterNodeSchema = z.object({
  node: z.string(),
  cpus: z.number(),
  memoryMiB: z.int(),
  allocatedCpus: z.number().describe('Reserved by admitted and running jobs'),
  allocatedMemoryMiB: z.int(),
  usedCpus: z.number().describe("Running jobs' cpu use at their latest sample (1 = one core)"),
  usedMemoryMiB: z.int(),
  runningJobs: z.int(),
  reportedAt: z.iso.datetime().describe('When a worker last reported its capacity'),
});

/** Jobs of one account by state. */
export const accountLoadSchema = z.object({
  name: z.string(),
  running: z.int(),
  pending: z.int(),
  runningCpus: z.number(),
  runningMemoryMiB: z.int(),
});

/** Response of `GET /api/v1/cluster`. */
export const clusterSchema = z.object({
  nodes: z.array(clusterNodeSchema),
  totals: z.object({
    cpus: z.number(),
    memoryMiB: z.int(),
    allocatedCpus: z.number(),
    allocatedMemoryMiB: z.int(),
    usedCpus: z.number(),
    usedMemoryMiB: z.int(),
    running: z.int(),
    pending: z.int(),
  }),
  groups: z.array(accountLoadSchema).describe('Running and pending jobs by group'),
  queues: z.array(accountLoadSchema).describe('Running and pending jobs by queue'),
  ordering: z.object({
    policy: z.string(),
    passes: z.int().describe('Recent passes the timings cover'),
    lastAt: z.iso.datetime().nullable(),
    lastMs: z.number().nullable(),
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
    maxMs: z.number().nullable(),
  }),
});

/** The cluster as admins and users see it. */
export type ClusterView = z.infer<typeof clusterSchema>;
