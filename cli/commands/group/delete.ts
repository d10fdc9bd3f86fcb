import { nameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';

/** `godocker group delete NAME`: removes a group, its memberships and its quota (admins). */
export default class GroupDelete extends BaseCommand<typeof GroupDelete> {
  static override summary =
    'Delete a group, its memberships and its quota (refused while it has unfinished jobs)';
  static override args = { name: nameArg('Group name') };

  async run(): Promise<{ deleted: true }> {
    const result = await (await this.client()).deleteGroup(this.args.name);
    this.log(`Deleted group ${this.args.name}.`);
    return result;
  }
}
