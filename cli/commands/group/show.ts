import type { GroupView } from '../../../core/groups';
import { nameArg } from '../../account-flags';
import { renderGroupDetails } from '../../account-display';
import { BaseCommand } from '../../base-command';

/** `godocker group show NAME`: one group and its members (admins). */
export default class GroupShow extends BaseCommand<typeof GroupShow> {
  static override summary = 'Show a group and its members (admins)';
  static override args = { name: nameArg('Group name') };

  async run(): Promise<GroupView> {
    const group = await (await this.client()).getGroup(this.args.name);
    this.log(renderGroupDetails(group));
    return group;
  }
}
