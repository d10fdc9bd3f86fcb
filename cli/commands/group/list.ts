import type { z } from 'zod';
import type { groupListSchema } from '../../../core/groups';
import { renderGroupTable } from '../../account-display';
import { BaseCommand } from '../../base-command';

/** What `group list --json` prints. */
export type GroupList = z.infer<typeof groupListSchema>;

/** `godocker group list`: every group with its members (admins). */
export default class GroupListCommand extends BaseCommand<typeof GroupListCommand> {
  static override summary = 'List groups with their members; * marks a primary group (admins)';

  async run(): Promise<GroupList> {
    const list = await (await this.client()).listGroups();
    this.log(list.groups.length === 0 ? 'No groups.' : renderGroupTable(list.groups));
    return list;
  }
}
