import type { JobView } from '../../../core/job';
import { BaseCommand } from '../../base-command';
import { renderJobDetails } from '../../job-display';
import { jobIdArg } from '../../job-id';

/** `godocker job show ID`: everything about one job, with its state timeline. */
export default class JobShow extends BaseCommand<typeof JobShow> {
  static override summary = 'Show a job: its settings, state, exit code and history';
  static override args = { id: jobIdArg };

  async run(): Promise<JobView> {
    const job = await (await this.client()).getJob(this.args.id);
    this.log(renderJobDetails(job));
    return job;
  }
}
