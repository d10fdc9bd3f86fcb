import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command';
import { jobIdArg } from '../../job-id';
import { pipeToStdout, readAllText } from '../../log-stream';

/** What `job logs --json` prints. */
export interface JobLogs {
  id: number;
  bytes: number;
  /** The output itself, with --json only (plain mode streams it to stdout instead). */
  output?: string;
}

/** `godocker job logs ID [--follow]`: a job's output (stdout and stderr together), as it was written. */
export default class JobLogsCommand extends BaseCommand<typeof JobLogsCommand> {
  static override summary = "Print a job's output; --follow keeps streaming until the job ends";
  static override args = { id: jobIdArg };
  static override flags = {
    follow: Flags.boolean({ char: 'f', summary: 'Keep streaming new output until the job ends' }),
  };

  async run(): Promise<JobLogs> {
    const stream = await (await this.client()).jobLogs(this.args.id, this.flags.follow);
    // Plain output goes out byte for byte as it arrives; only --json needs the whole text first.
    if (this.jsonEnabled()) {
      const output = await readAllText(stream);
      return { id: this.args.id, bytes: Buffer.byteLength(output), output };
    }
    return { id: this.args.id, bytes: await pipeToStdout(stream) };
  }
}
