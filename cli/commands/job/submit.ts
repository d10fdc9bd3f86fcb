import { Flags } from '@oclif/core';
import type { ApiClient } from '../../../client/api-client';
import { isFinal, type JobView } from '../../../core/job';
import { BaseCommand } from '../../base-command';
import { cpusFlag, durationFlag, memoryFlag } from '../../job-flags';
import { commandWords, jobScript } from '../../job-script';
import { exitStatusOf, progressLine, waitForJobEnd } from '../../job-wait';
import { pipeToStdout } from '../../log-stream';

function volumeRequest(text: string): { name: string; readOnly?: boolean } {
  const [name = '', mode] = text.split(':');
  return mode === 'ro' ? { name, readOnly: true } : { name };
}

/** `godocker job submit [flags] -- COMMAND...`: runs a shell command in a container. */
export default class JobSubmit extends BaseCommand<typeof JobSubmit> {
  static override summary = 'Submit a job: a shell command run with /bin/sh in a container';
  static override strict = false;
  static override usage = 'job submit [FLAGS] -- COMMAND...';

  static override examples = [
    '<%= config.bin %> job submit -- echo hello',
    "<%= config.bin %> job submit --cpus 2 --memory 4G --max-lifetime 2d --wait -- 'make -j2 && ./run-tests'",
    '<%= config.bin %> job submit --queue short --project genome -- ./align.sh',
    '<%= config.bin %> job submit --script job.sh --follow',
    '<%= config.bin %> job submit --volume refdata:ro --volume scratch -- ./pipeline.sh',
  ];

  static override flags = {
    image: Flags.string({
      char: 'i',
      default: 'godocker/busybox:latest',
      summary: 'Image from the catalog',
    }),
    cpus: cpusFlag({ summary: 'CPUs to reserve (fractions allowed); the site default otherwise' }),
    memory: memoryFlag({ char: 'm', summary: 'Memory limit, e.g. 512M or 2G' }),
    name: Flags.string({
      char: 'n',
      summary: 'A label for people; defaults to the first word of the command',
    }),
    'max-lifetime': durationFlag({
      summary: 'Kill the job after it ran this long: seconds, or e.g. 90m, 2h, 3d',
    }),
    queue: Flags.string({
      char: 'q',
      summary: 'Queue to wait in (default: default); see `queue list`',
    }),
    project: Flags.string({
      char: 'p',
      summary: 'Project to charge (default: default); see `project list`',
    }),
    volume: Flags.string({
      char: 'v',
      multiple: true,
      summary: 'Mount a catalog volume (see `volume list`); NAME:ro mounts it read-only',
      helpValue: 'NAME[:ro]',
    }),
    root: Flags.boolean({
      summary: 'Run as root in the container (needs an admin grant; mounts become read-only)',
    }),
    interactive: Flags.boolean({
      summary:
        'Keep the container up for `job shell` / `job exec`; the command is then optional (setup)',
    }),
    script: Flags.string({
      char: 's',
      summary: 'Read the script from FILE (- for stdin) instead of after --',
      helpValue: 'FILE',
    }),
    wait: Flags.boolean({
      char: 'w',
      summary: "Wait for the end and exit with the job's exit code",
    }),
    follow: Flags.boolean({
      char: 'f',
      summary: "Stream the job's output while waiting (implies --wait)",
      exclusive: ['json'],
    }),
  };

  async run(): Promise<JobView> {
    const words = commandWords(this.argv, this.extraArgv);
    const noCommand = words.length === 0 && this.flags.script === undefined;
    const command =
      this.flags.interactive && noCommand ? undefined : await jobScript(words, this.flags.script);
    const client = await this.client();
    const job = await client.submitJob({
      image: this.flags.image,
      command,
      name: this.flags.name,
      cpus: this.flags.cpus,
      memoryMiB: this.flags.memory,
      maxLifetimeSeconds: this.flags['max-lifetime'],
      queue: this.flags.queue,
      project: this.flags.project,
      volumes: this.flags.volume?.map(volumeRequest),
      root: this.flags.root || undefined,
      interactive: this.flags.interactive || undefined,
    });
    if (!this.flags.wait && !this.flags.follow) {
      this.log(
        `Submitted job ${job.id} (${job.name}). Follow it with: ${this.config.bin} job logs ${job.id} --follow`,
      );
      return job;
    }
    this.logToStderr(
      `Submitted job ${job.id} (${job.name}); waiting for it to end (Ctrl-C stops waiting, not the job)`,
    );
    const done = await this.waitFor(client, job.id);
    this.logToStderr(progressLine(done));
    // Set, not exit(): oclif still prints the --json result, then the process ends with this code.
    process.exitCode = exitStatusOf(done);
    return done;
  }

  private async waitFor(client: ApiClient, id: number): Promise<JobView> {
    const ended = waitForJobEnd(client, id, (job) => {
      // The final state is reported once, after the wait.
      if (!isFinal(job.state)) this.logToStderr(progressLine(job));
    });
    if (!this.flags.follow) return ended;
    // The log stream ends by itself once the job has ended and all output was sent.
    const [job] = await Promise.all([ended, client.jobLogs(id, true).then(pipeToStdout)]);
    return job;
  }
}
