import type { GroupView } from '../../../core/groups';
import { nameArg, usernameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';

/** `godocker group remove-member GROUP USER`. */
export default class GroupRemoveMember extends BaseCommand<typeof GroupRemoveMember> {
  static override summary =
    'Remove a user from a group; if it was their primary group, their oldest other one becomes it';
  static override args = { group: nameArg('Group name'), user: usernameArg };

  async run(): Promise<GroupView> {
    const { group, user } = this.args;
    const view = await (await this.client()).removeGroupMember(group, user);
    this.log(`${user} is no longer in group ${group}.`);
    return view;
  }
}
