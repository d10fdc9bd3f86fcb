import { jobIdArg } from '../../job-id';
import { BaseCommand } from '../../base-command';
import { runRemote } from '../../terminal';

/** `godocker job shell ID`: a terminal in one of your running interactive jobs. */
export default class JobShell extends BaseCommand<typeof JobShell> {
  static override summary = 'Open a shell in one of your running interactive jobs';
  static override description =
    "Attaches this terminal to /bin/sh in the job container, as you, in your home: keys (Ctrl-C too) go to the remote shell and the window size follows. Exits with the shell's exit code. With stdin not a terminal, the shell reads commands from stdin without a TTY.";
  static override args = { id: jobIdArg };
  static override enableJsonFlag = false;

  async run(): Promise<void> {
    const client = await this.client();
    const tty = process.stdin.isTTY === true;
    if (!tty) {
      this.logToStderr(
        'godocker: stdin is not a terminal: running the shell without a TTY (no prompt); it reads commands from stdin',
      );
    }
    const size =
      tty && process.stdout.isTTY
        ? { rows: process.stdout.rows, cols: process.stdout.columns }
        : {};
    const attachment = client.shellAttachment(this.args.id, { tty, ...size });
    // Set, not exit(): the process ends with the remote code once the terminal is restored.
    process.exitCode = await runRemote(attachment, tty);
  }
}
