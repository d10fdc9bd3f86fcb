import { kindArg, nameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';

/** `godocker quota clear KIND NAME`: removes every limit of an account (admins). */
export default class QuotaClear extends BaseCommand<typeof QuotaClear> {
  static override summary = "Clear an account's quota: every limit becomes unlimited (admins)";
  static override args = {
    kind: kindArg({ required: true }),
    name: nameArg('Account name'),
  };

  async run(): Promise<{ deleted: true }> {
    const { kind } = this.args;
    const result = await (await this.client()).clearQuota(kind, this.args.name);
    this.log(`Cleared the quota of ${kind} ${this.args.name}.`);
    return result;
  }
}
