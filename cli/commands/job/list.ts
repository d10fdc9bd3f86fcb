import { Flags } from '@oclif/core';
import type { z } from 'zod';
import { jobStates, type jobListSchema } from '../../../core/job';
import { BaseCommand } from '../../base-command';
import { renderJobTable } from '../../job-display';

/** What `job list --json` prints: the API's page of jobs. */
export type JobListPage = z.infer<typeof jobListSchema>;

/** `godocker job list`: your jobs (everyone's for admins), newest first. */
export default class JobList extends BaseCommand<typeof JobList> {
  static override summary = "List jobs, newest first: your own, or everyone's for admins";

  static override examples = [
    '<%= config.bin %> job list --state running',
    '<%= config.bin %> job list --user alice --limit 20',
  ];

  static override flags = {
    state: Flags.option({ options: jobStates, summary: 'Only jobs in this state' })(),
    user: Flags.string({ char: 'u', summary: "Admins: only this user's jobs" }),
    limit: Flags.integer({
      char: 'l',
      min: 1,
      max: 1000,
      default: 50,
      summary: 'At most this many jobs',
    }),
    before: Flags.integer({ min: 1, summary: 'Paging: jobs with an id below this one' }),
  };

  async run(): Promise<JobListPage> {
    const client = await this.client();
    const page = await client.listJobs({
      state: this.flags.state,
      owner: this.flags.user,
      limit: this.flags.limit,
      beforeId: this.flags.before,
    });
    this.log(page.jobs.length === 0 ? 'No jobs.' : renderJobTable(page.jobs));
    if (page.nextBeforeId !== null)
      this.logToStderr(`More: ${this.config.bin} job list --before ${page.nextBeforeId}`);
    return page;
  }
}
