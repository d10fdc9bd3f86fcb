import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command';
import { CliFailure } from '../../failure';
import { commandWords } from '../../job-script';
import { runRemote } from '../../terminal';

/** `godocker job exec ID -- CMD ARGS...`: a one-off command in one of your running jobs. */
export default class JobExec extends BaseCommand<typeof JobExec> {
  static override summary = 'Run a command in one of your running jobs, as you';
  static override description =
    "Runs CMD with its arguments (no shell: use `sh -c '...'` for one) in the job container, as you, in your home. Its stdout and stderr come to yours, your stdin goes to it, and this exits with its exit code.";
  static override examples = ["godocker job exec 42 -- sh -c 'ls -l; exit 3'"];
  static override args = {
    id: Args.integer({ min: 1, required: true, description: 'Job id, as `job list` shows it' }),
  };
  static override strict = false;
  static override enableJsonFlag = false;

  async run(): Promise<void> {
    // The declared ID may or may not be among the loose words, depending on oclif's parse.
    const loose = this.extraArgv.slice(this.extraArgv[0] === String(this.args.id) ? 1 : 0);
    const cmd = commandWords(this.argv, loose);
    if (cmd.length === 0) {
      throw new CliFailure(
        'give the command after the job id: godocker job exec ID -- CMD ARGS...',
        'usage',
      );
    }
    const client = await this.client();
    process.exitCode = await runRemote(
      client.shellAttachment(this.args.id, { tty: false, cmd }),
      false,
    );
  }
}
