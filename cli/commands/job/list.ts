import { Flags } from '@oclif/core';
import type { z } from 'zod';
import { jobStates, type jobListSchema } from '../../../core/job';
import { BaseCommand } from '../../base-command';
import { renderJobTable, renderPendingTable } from '../../job-display';

/** What `job list --json` prints: the API's page of jobs. */
export type JobListPage = z.infer<typeof jobListSchema>;

/** `godocker job list`: your jobs (everyone's for admins), newest first. */
export default class JobList extends BaseCommand<typeof JobList> {
  static override summary = "List jobs, newest first: your own, or everyone's for admins";

  static override examples = [
    '<%= config.bin %> job list --state running',
    '<%= config.bin %> job list --user alice --limit 20',
    '<%= config.bin %> job list --pending',
    '<%= config.bin %> job list --queue long --project genomics',
  ];

  static override flags = {
    state: Flags.option({ options: jobStates, summary: 'Only jobs in this state' })(),
    user: Flags.string({ char: 'u', summary: "Admins: only this user's jobs" }),
    project: Flags.string({
      char: 'p',
      summary: "Admins and the project's manager: only this project's jobs",
    }),
    queue: Flags.string({ char: 'q', summary: 'Only jobs submitted to this queue' }),
    limit: Flags.integer({
      char: 'l',
      min: 1,
      max: 1000,
      default: 50,
      summary: 'At most this many jobs',
    }),
    before: Flags.integer({ min: 1, summary: 'Paging: jobs with an id below this one' }),
    pending: Flags.boolean({
      summary: 'Pending jobs in the order they will start, with position, priority and reason',
      exclusive: ['state', 'before'],
    }),
  };

  async run(): Promise<JobListPage> {
    const client = await this.client();
    const pending = this.flags.pending;
    const page = await client.listJobs({
      state: pending ? 'pending' : this.flags.state,
      order: pending ? 'position' : 'newest',
      owner: this.flags.user,
      project: this.flags.project,
      queue: this.flags.queue,
      limit: this.flags.limit,
      beforeId: this.flags.before,
    });
    const table = pending ? renderPendingTable(page.jobs) : renderJobTable(page.jobs);
    this.log(page.jobs.length === 0 ? 'No jobs.' : table);
    if (page.nextBeforeId !== null && !pending)
      this.logToStderr(`More: ${this.config.bin} job list --before ${page.nextBeforeId}`);
    return page;
  }
}
