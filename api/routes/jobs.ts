import { z } from 'zod';
import {
  jobListSchema,
  jobSchema,
  listJobsQuerySchema,
  submitJobRequestSchema,
  type JobView,
} from '../../core/job';
import { jobStatsQuerySchema, jobStatsSchema } from '../../core/stats';
import type { JobRecord } from '../../adapters/mysql/jobs';
import type { ApiDeps } from '../context';
import { route } from '../route';
import { killJob } from '../use-cases/kill-job';
import { priorityFactors } from '../use-cases/priority-factors';
import { submitJob } from '../use-cases/submit-job';
import { jobListingScope, visibleJob } from '../authorize';
import { sendJobLogs } from './job-logs';
import { jobStats, streamJobStats } from './job-stats';

/** The API view of a job record (identity details stay internal). */
export function jobView(job: JobRecord): JobView {
  const { ownerId: _ownerId, groups: _groups, home: _home, priority: _priority, ...view } = job;
  return { ...view, mounts: job.mounts.map(({ within: _within, ...mount }) => mount) };
}

const logsQuerySchema = z.strictObject({
  follow: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .describe('1: keep streaming until the job ends'),
});

/** Submitting, listing, showing, killing jobs and reading their output. */
export function jobRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post',
      path: '/jobs',
      summary: 'Submit a job',
      access: 'user',
      scope: 'jobs',
      audit: {
        action: 'job.submit',
        target: (_params, _body, result) => (result ? `job/${(result as JobView).id}` : null),
        detail: (_body, result) => {
          const job = result as JobView;
          return { image: job.image, queue: job.queue, project: job.project, root: job.root };
        },
        keepRefusedBody: true,
      },
      body: submitJobRequestSchema,
      response: jobSchema,
      status: 201,
      async handle({ caller, body }) {
        return jobView(await submitJob(deps, caller, body));
      },
    }),
    route({
      method: 'get',
      path: '/jobs',
      summary:
        "List jobs, newest first: your own, a managed project's (with project), or everyone's for admins",
      access: 'user',
      query: listJobsQuerySchema,
      response: jobListSchema,
      async handle({ caller, query }) {
        const jobs = await deps.jobs.list({
          ...(await jobListingScope(deps, caller, query)),
          state: query.state,
          queue: query.queue,
          beforeId: query.beforeId,
          limit: query.limit,
          order: query.order,
        });
        const last = jobs[jobs.length - 1];
        return {
          jobs: jobs.map(jobView),
          nextBeforeId: jobs.length === query.limit && last ? last.id : null,
        };
      },
    }),
    route({
      method: 'get',
      path: '/jobs/:id',
      summary: 'Show a job with its state history',
      access: 'user',
      response: jobSchema,
      async handle({ caller, params }) {
        const job = await visibleJob(deps, caller, params.id ?? '');
        const factors = job.state === 'pending' ? await priorityFactors(deps, job.id) : undefined;
        return {
          ...jobView(job),
          history: await deps.jobs.history(job.id),
          ...(factors ? { priorityFactors: { ...factors } } : {}),
        };
      },
    }),
    route({
      method: 'get',
      path: '/jobs/:id/logs',
      summary: "A job's output (stdout and stderr), as text",
      access: 'user',
      query: logsQuerySchema,
      produces: 'text/plain',
      async handle({ caller, params, query, req, res }) {
        const job = await visibleJob(deps, caller, params.id ?? '');
        await sendJobLogs(deps, job.id, query.follow === '1' || query.follow === 'true', req, res);
      },
    }),
    route({
      method: 'get',
      path: '/jobs/:id/stats',
      summary:
        "A job's resource series (cpu, memory, I/O, pids) and peaks; follow=1 streams new samples as server-sent events",
      access: 'user',
      query: jobStatsQuerySchema,
      response: jobStatsSchema,
      async handle({ caller, params, query, req, res }) {
        const job = await visibleJob(deps, caller, params.id ?? '');
        const since = query.since ? new Date(query.since) : undefined;
        if (query.follow === '1' || query.follow === 'true') {
          await streamJobStats(deps, job, since, req, res);
          return;
        }
        return jobStats(deps, job, since);
      },
    }),
    route({
      method: 'delete',
      path: '/jobs/:id',
      summary: 'Kill a pending or running job; its record stays',
      access: 'user',
      scope: 'jobs',
      audit: { action: 'job.kill', target: (params) => `job/${params.id}` },
      response: jobSchema,
      status: 202,
      async handle({ caller, params }) {
        const job = await visibleJob(deps, caller, params.id ?? '');
        await killJob(deps, caller, job);
        return jobView((await deps.jobs.get(job.id)) ?? job);
      },
    }),
  ];
}
