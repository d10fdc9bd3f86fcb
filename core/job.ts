import { z } from 'zod';
import { accountNameSchema } from './accounts';
import { jobMountSchema, jobVolumeRequestSchema } from './volumes';

/** Every state a job passes through; the last three are final. */
export const jobStates = [
  'submitted',
  'pending',
  'admitted',
  'launching',
  'running',
  'succeeded',
  'failed',
  'killed',
] as const;

/** A job's state: submitted → pending → admitted → launching → running → succeeded|failed|killed. */
export type JobState = (typeof jobStates)[number];

/** States after which nothing changes any more. */
export const finalStates: readonly JobState[] = ['succeeded', 'failed', 'killed'];

/** True when the job has ended and its record is complete. */
export function isFinal(state: JobState): boolean {
  return finalStates.includes(state);
}

/** States in which a job holds (or is about to hold) resources on an execution node. */
export const activeStates: readonly JobState[] = ['admitted', 'launching', 'running'];

const jobName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.@+-][\w .@+-]*$/, 'use letters, digits, spaces and . _ - + @');

/** The body of `POST /api/v1/jobs`. Unknown fields are refused so typos never go unnoticed. */
export const submitJobRequestSchema = z
  .strictObject({
    name: jobName
      .optional()
      .describe('A label for people; defaults to the first word of the command'),
    image: z
      .string()
      .min(1)
      .max(255)
      .describe('An image from the catalog, e.g. godocker/busybox:latest'),
    command: z
      .string()
      .min(1, 'command is empty: give the shell script to run')
      .max(65536)
      .optional()
      .describe(
        'Shell script run with /bin/sh in the container; optional for interactive jobs (then it runs first, as setup)',
      ),
    cpus: z
      .number()
      .positive()
      .max(1024)
      .optional()
      .describe('CPUs to reserve (fractions allowed); default 1'),
    memoryMiB: z
      .int()
      .min(4)
      .max(16 * 1024 * 1024)
      .optional()
      .describe('Memory limit in MiB; default 512'),
    maxLifetimeSeconds: z
      .int()
      .positive()
      .optional()
      .describe(
        "Kill the job after this long running; default and maximum are set by the site and the queue's max walltime",
      ),
    queue: accountNameSchema
      .optional()
      .describe('Queue to wait in (default `default`); your groups must be allowed there'),
    project: accountNameSchema
      .optional()
      .describe('Project to charge (default `default`); you must be a member'),
    volumes: z
      .array(jobVolumeRequestSchema)
      .max(16)
      .optional()
      .describe('Catalog volumes to mount besides your home (see GET /api/v1/volumes)'),
    root: z
      .boolean()
      .optional()
      .describe(
        "Run as root in the container: only with an admin's grant; every mount is then read-only",
      ),
    interactive: z
      .boolean()
      .optional()
      .describe(
        'Keep the container up for shells (`godocker job shell`, the web terminal) until killed, idle or at its max lifetime',
      ),
  })
  .superRefine((request, context) => {
    if (request.command === undefined && request.interactive !== true) {
      context.addIssue({
        code: 'custom',
        path: ['command'],
        message: 'required: give the shell script to run (only interactive jobs may leave it out)',
      });
    }
  })
  .describe('A job to run');

/** A validated job submission. */
export type SubmitJobRequest = z.infer<typeof submitJobRequestSchema>;

/** One entry of a job's state history. */
export const jobEventSchema = z.object({
  at: z.iso.datetime(),
  state: z.enum(jobStates),
  reason: z.string().nullable(),
});

/** A job as the API shows it. `reason` says why a pending job waits or why a finished one ended. */
export const jobSchema = z.object({
  id: z.int(),
  name: z.string(),
  owner: z.string(),
  group: z.string().describe("The owner's primary group at submit, charged for the job"),
  project: z.string(),
  queue: z.string(),
  image: z.string(),
  imageDigest: z
    .string()
    .nullable()
    .describe('The digest the job runs, pinned at admission (null until then)'),
  command: z.string(),
  cpus: z.number(),
  memoryMiB: z.int(),
  maxLifetimeSeconds: z.int(),
  state: z.enum(jobStates),
  reason: z.string().nullable(),
  exitCode: z.int().nullable(),
  uid: z.int(),
  gid: z.int(),
  root: z.boolean().describe('Runs as root in the container (with every mount read-only)'),
  interactive: z
    .boolean()
    .describe('Keeps a shell-ready container that its owner attaches to (docs/interactive.md)'),
  mounts: z.array(jobMountSchema).describe('Host directories the job sees, resolved at submit'),
  node: z.string().nullable(),
  submittedAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  cpuSeconds: z.number().describe('CPU time used so far (sampled while running)'),
  maxMemoryMiB: z.int().nullable().describe('Peak memory seen while running'),
  queuePosition: z
    .int()
    .nullable()
    .describe('Pending jobs: 1 = the next to start, as of the last ordering pass'),
  priorityScore: z.int().nullable().describe('Pending jobs: priority computed by the last pass'),
  priorityFactors: z
    .record(z.string(), z.number())
    .optional()
    .describe('Pending jobs, in `GET /jobs/:id`: the normalised factors of the priority'),
  workflowId: z.string(),
  history: z.array(jobEventSchema).optional(),
});

/** A job as the API shows it. */
export type JobView = z.infer<typeof jobSchema>;

/** Filters of `GET /api/v1/jobs`. */
export const listJobsQuerySchema = z.strictObject({
  state: z.enum(jobStates).optional(),
  owner: z
    .string()
    .optional()
    .describe('Jobs of this user: admins, or project managers together with project'),
  project: z.string().optional().describe("A project's jobs: admins and the project's manager"),
  queue: z.string().optional().describe('Only jobs submitted to this queue'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  beforeId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('Paging: jobs with a smaller id'),
  order: z
    .enum(['newest', 'position'])
    .default('newest')
    .describe('position: pending jobs in the order they will start (1 = next)'),
});

/** Filters of `GET /api/v1/jobs`. */
export type ListJobsQuery = z.infer<typeof listJobsQuerySchema>;

/** Response of `GET /api/v1/jobs`. */
export const jobListSchema = z.object({
  jobs: z.array(jobSchema),
  nextBeforeId: z.int().nullable(),
});

/** The workflow id of a job: stable, so a retried start finds the running workflow. */
export function jobWorkflowId(jobId: number): string {
  return `job-${jobId}`;
}

/** A default name for a job: the first word of its command, trimmed to fit. */
export function defaultJobName(command: string): string {
  const first = command.trim().split(/\s+/)[0] ?? 'job';
  const cleaned = first.replace(/[^\w.@+-]/g, '').slice(0, 100);
  return cleaned.length > 0 ? cleaned : 'job';
}

/** Why a job ended, as the workflow reports it to finalization. */
export type JobOutcome =
  | { kind: 'exited'; exitCode: number; oomKilled: boolean }
  | { kind: 'killed'; reason: string; exitCode: number | null }
  | { kind: 'failed'; reason: string };
