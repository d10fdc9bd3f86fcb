import { Flags } from '@oclif/core';
import type { GroupView } from '../../../core/groups';
import { descriptionFlag, nameArg, priorityFlag, sharesFlag } from '../../account-flags';
import { renderGroupDetails } from '../../account-display';
import { BaseCommand } from '../../base-command';

/** `godocker group create NAME`: a scheduling group that users' jobs are charged to. */
export default class GroupCreate extends BaseCommand<typeof GroupCreate> {
  static override summary = 'Create a group (admins)';
  static override examples = ['<%= config.bin %> group create bio --gid 4000 --shares 2'];
  static override args = { name: nameArg('Group name: lowercase letters, digits, _ . -') };
  static override flags = {
    gid: Flags.integer({ min: 1, summary: 'The matching POSIX gid, if any' }),
    description: descriptionFlag,
    shares: sharesFlag,
    priority: priorityFlag,
  };

  async run(): Promise<GroupView> {
    const group = await (
      await this.client()
    ).createGroup({
      name: this.args.name,
      gid: this.flags.gid,
      description: this.flags.description,
      shares: this.flags.shares,
      priority: this.flags.priority,
    });
    this.log(renderGroupDetails(group));
    return group;
  }
}
