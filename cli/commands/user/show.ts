import type { UserView } from '../../../core/user';
import { usernameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';
import { renderUserDetails } from '../../identity-display';

/** `godocker user show USER` (admins). */
export default class UserShow extends BaseCommand<typeof UserShow> {
  static override summary = 'Show a user (admins)';
  static override args = { username: usernameArg };

  async run(): Promise<UserView> {
    const user = await (await this.client()).getUser(this.args.username);
    this.log(renderUserDetails(user));
    return user;
  }
}
