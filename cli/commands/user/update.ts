import { Flags } from '@oclif/core';
import { roles, type UserView } from '../../../core/user';
import { priorityFlag, sharesFlag, usernameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';
import { renderUserDetails } from '../../identity-display';

/** `godocker user update USER [flags]` (admins): role, root grant, fair-share weight. */
export default class UserUpdate extends BaseCommand<typeof UserUpdate> {
  static override summary =
    "Change a user's role, root grant, shares or priority (admins; audited)";
  static override examples = [
    '<%= config.bin %> user update alice --role admin',
    '<%= config.bin %> user update bob --allow-root',
    '<%= config.bin %> user update bob --no-allow-root',
  ];
  static override args = { username: usernameArg };
  static override flags = {
    role: Flags.string({ options: [...roles], summary: 'user or admin' }),
    'allow-root': Flags.boolean({
      allowNo: true,
      summary: 'Let them run jobs as root (all volumes then mount read-only)',
    }),
    shares: sharesFlag,
    priority: priorityFlag,
  };

  async run(): Promise<UserView> {
    const user = await (
      await this.client()
    ).updateUser(this.args.username, {
      role: this.flags.role as (typeof roles)[number] | undefined,
      rootAllowed: this.flags['allow-root'],
      shares: this.flags.shares,
      priority: this.flags.priority,
    });
    this.log(renderUserDetails(user));
    return user;
  }
}
