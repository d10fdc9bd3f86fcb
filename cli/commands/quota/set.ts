import type { QuotaLimits, QuotaView } from '../../../core/quotas';
import {
  amountFlag,
  countFlag,
  kindArg,
  memoryLimitFlag,
  nameArg,
  windowFlag,
} from '../../account-flags';
import { BaseCommand } from '../../base-command';
import { CliFailure } from '../../failure';
import { renderQuotaTable } from '../../quota-display';

/** `godocker quota set KIND NAME --max-...`: sets some limits of a user, group, project or queue. */
export default class QuotaSet extends BaseCommand<typeof QuotaSet> {
  static override summary =
    'Set limits of a user, group, project or queue (admins); none clears one, others stay';
  static override examples = [
    '<%= config.bin %> quota set user alice --max-pending 100 --max-cpus 16 --max-memory 64G',
    '<%= config.bin %> quota set group bio --cpu-hours 5000 --window 7d',
    '<%= config.bin %> quota set project genome --max-jobs none',
  ];
  static override args = {
    kind: kindArg({ required: true }),
    name: nameArg('Account name'),
  };
  static override flags = {
    'max-cpus': amountFlag({ summary: 'CPUs its running jobs may hold together' }),
    'max-memory': memoryLimitFlag({ summary: 'Memory its running jobs may hold, e.g. 64G' }),
    'max-jobs': countFlag({ summary: 'Jobs running at once' }),
    'max-pending': countFlag({ summary: 'Jobs waiting to start; more are refused at submit' }),
    'cpu-hours': amountFlag({ summary: 'CPU-hours per window' }),
    'memory-gb-hours': amountFlag({ summary: 'Memory GB-hours per window' }),
    window: windowFlag({ summary: 'The rolling window of the hour budgets, e.g. 7d' }),
  };

  async run(): Promise<QuotaView> {
    const f = this.flags;
    const limits: QuotaLimits = {
      maxCpus: f['max-cpus'],
      maxMemoryMiB: f['max-memory'],
      maxRunningJobs: f['max-jobs'],
      maxPendingJobs: f['max-pending'],
      cpuHoursPerWindow: f['cpu-hours'],
      memoryGbHoursPerWindow: f['memory-gb-hours'],
      windowHours: f.window,
    };
    const given = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
    if (Object.keys(given).length === 0) {
      throw new CliFailure(
        'give at least one limit, e.g. --max-pending 100 (none clears one)',
        'usage',
        2,
      );
    }
    const { kind } = this.args;
    const quota = await (await this.client()).setQuota(kind, this.args.name, given);
    this.log(renderQuotaTable([quota]));
    return quota;
  }
}
