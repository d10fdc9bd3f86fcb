import { Flags } from '@oclif/core';
import type { GroupView } from '../../../core/groups';
import { nameArg, usernameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';

/** `godocker group add-member GROUP USER [--primary]`: adds a member or moves their primary group. */
export default class GroupAddMember extends BaseCommand<typeof GroupAddMember> {
  static override summary =
    'Add a user to a group; --primary makes it the group their jobs are charged to (admins)';
  static override examples = ['<%= config.bin %> group add-member bio alice --primary'];
  static override args = { group: nameArg('Group name'), user: usernameArg };
  static override flags = {
    primary: Flags.boolean({
      summary: "Make it the user's primary group (a first group always is)",
    }),
  };

  async run(): Promise<GroupView> {
    const { group, user } = this.args;
    const client = await this.client();
    const view = await client.setGroupMember(group, user, this.flags.primary || undefined);
    const primary = view.members.find((m) => m.username === user)?.primary;
    this.log(`${user} is in group ${group}${primary ? ' (primary)' : ''}.`);
    return view;
  }
}
