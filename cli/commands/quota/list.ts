import { Flags } from '@oclif/core';
import type { z } from 'zod';
import { accountKinds } from '../../../core/accounts';
import type { quotaListSchema } from '../../../core/quotas';
import { BaseCommand } from '../../base-command';
import { renderQuotaTable } from '../../quota-display';

/** What `quota list --json` prints. */
export type QuotaList = z.infer<typeof quotaListSchema>;

/** `godocker quota list`: all quotas for admins, else those that bind your jobs. */
export default class QuotaListCommand extends BaseCommand<typeof QuotaListCommand> {
  static override summary =
    'List quotas (- is unlimited): all for admins, else those that bind you';
  static override flags = {
    kind: Flags.option({ options: accountKinds, summary: 'Only this kind of account' })(),
    name: Flags.string({ summary: 'Only accounts with this name' }),
  };

  async run(): Promise<QuotaList> {
    const list = await (
      await this.client()
    ).listQuotas({ kind: this.flags.kind, name: this.flags.name });
    this.log(
      list.quotas.length === 0 ? 'No quotas: nothing is limited.' : renderQuotaTable(list.quotas),
    );
    return list;
  }
}
