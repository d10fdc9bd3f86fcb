import { Flags } from '@oclif/core';
import type { JobView } from '../../../core/job';
import { BaseCommand } from '../../base-command';
import { jobIdArg } from '../../job-id';
import { progressLine, waitForJobEnd } from '../../job-wait';

/** `godocker job kill ID`: stops a pending or running job; its record stays. */
export default class JobKill extends BaseCommand<typeof JobKill> {
  static override summary = 'Kill a pending or running job (its record and output stay)';
  static override args = { id: jobIdArg };
  static override flags = {
    wait: Flags.boolean({ char: 'w', summary: 'Wait until the job has ended' }),
  };

  async run(): Promise<JobView> {
    const client = await this.client();
    const asked = await client.killJob(this.args.id);
    if (!this.flags.wait) {
      this.log(`Kill requested for job ${asked.id} (now ${asked.state}); it ends as killed.`);
      return asked;
    }
    const done = await waitForJobEnd(client, asked.id, () => undefined);
    this.log(progressLine(done));
    return done;
  }
}
