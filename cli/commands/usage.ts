import { Flags } from '@oclif/core';
import { accountKinds, type AccountKind } from '../../core/accounts';
import {
  usageGranularities,
  usageInstant,
  usageInstantSchema,
  type UsageGranularity,
  type UsageQueryInput,
  type UsageReport,
} from '../../core/usage';
import { BaseCommand } from '../base-command';
import { CliFailure } from '../failure';
import { durationFlag, usage } from '../job-flags';
import { renderUsageTable } from '../usage-display';

function readInstant(text: string): string {
  const parsed = usageInstantSchema.safeParse(text);
  if (!parsed.success) throw new Error(`cannot read '${text}': ${parsed.error.issues[0]?.message}`);
  return usageInstant(parsed.data).toISOString();
}

/** `--from 2025-03-01`: an ISO date (midnight UTC) or date-time, sent as UTC. */
const instantFlag = Flags.custom<string>({ parse: usage(readInstant), helpValue: '2025-03-01' });

/** Reads one of `values`, refused in one line (oclif's own `options` error spans four). */
function oneOf<T extends string>(values: readonly T[]): (text: string) => T {
  return (text) => {
    const value = values.find((v) => v === text);
    if (value === undefined) throw new Error(`'${text}' is not one of ${values.join(', ')}`);
    return value;
  };
}

const byFlag = Flags.custom<AccountKind>({
  parse: usage(oneOf(accountKinds)),
  helpValue: accountKinds.join('|'),
});

const granularityFlag = Flags.custom<UsageGranularity>({
  parse: usage(oneOf(usageGranularities)),
  helpValue: usageGranularities.join('|'),
});

/** `godocker usage`: what finished jobs used, per account and period. */
export default class Usage extends BaseCommand<typeof Usage> {
  static override summary =
    'Usage of finished jobs per user, group, project or queue: jobs, cpu-hours, memory GiB-hours, wall hours, mean wait';
  static override description =
    'Admins see every account; a project manager sees all of a managed project with --by project --name PROJECT; anyone else sees their own jobs. The period defaults to the last 30 days.';
  static override examples = [
    '<%= config.bin %> usage',
    '<%= config.bin %> usage --by group --since 7d --granularity day',
    '<%= config.bin %> usage --by project --name genome --from 2025-01-01 --to 2025-04-01 --granularity month --csv',
  ];
  static override flags = {
    by: byFlag({ default: 'user', summary: 'Kind of account' }),
    name: Flags.string({ summary: 'Only this account' }),
    since: durationFlag({ summary: 'The period ending now, e.g. 12h, 7d, 30d (the default)' }),
    from: instantFlag({ summary: 'Start (inclusive), ISO date or date-time, UTC by default' }),
    to: instantFlag({ summary: 'End (exclusive); default now' }),
    granularity: granularityFlag({
      default: 'total',
      summary: 'Group by day, week (from Monday), month (UTC), or one total',
    }),
    csv: Flags.boolean({
      summary: 'Print CSV (a header line, then one line per row)',
      exclusive: ['json'],
    }),
  };

  async run(): Promise<UsageReport | string> {
    const { since, from, to } = this.flags;
    if (since !== undefined && (from !== undefined || to !== undefined)) {
      throw new CliFailure('--since: give either --since or --from/--to, not both', 'bad_flag', 2);
    }
    const query: Omit<UsageQueryInput, 'format'> = {
      by: this.flags.by,
      name: this.flags.name,
      from: since === undefined ? from : new Date(Date.now() - since * 1000).toISOString(),
      to,
      granularity: this.flags.granularity,
    };
    const client = await this.client();
    if (this.flags.csv) {
      // The API's own CSV, byte for byte: one implementation of the format.
      const csv = await client.usageCsv(query);
      process.stdout.write(csv);
      return csv;
    }
    const report = await client.usage(query);
    this.log(renderUsageTable(report));
    return report;
  }
}
