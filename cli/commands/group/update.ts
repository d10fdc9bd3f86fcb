import { Flags } from '@oclif/core';
import type { GroupView } from '../../../core/groups';
import { descriptionFlag, nameArg, priorityFlag, sharesFlag } from '../../account-flags';
import { renderGroupDetails } from '../../account-display';
import { BaseCommand } from '../../base-command';

/** `godocker group update NAME`: changes a group's gid, description, shares or priority. */
export default class GroupUpdate extends BaseCommand<typeof GroupUpdate> {
  static override summary = "Change a group's gid, description, shares or priority (admins)";
  static override args = { name: nameArg('Group name') };
  static override flags = {
    gid: Flags.integer({ min: 1, summary: 'The matching POSIX gid', exclusive: ['no-gid'] }),
    'no-gid': Flags.boolean({ summary: 'Forget the POSIX gid' }),
    description: descriptionFlag,
    shares: sharesFlag,
    priority: priorityFlag,
  };

  async run(): Promise<GroupView> {
    const group = await (
      await this.client()
    ).updateGroup(this.args.name, {
      gid: this.flags['no-gid'] ? null : this.flags.gid,
      description: this.flags.description,
      shares: this.flags.shares,
      priority: this.flags.priority,
    });
    this.log(renderGroupDetails(group));
    return group;
  }
}
