import type { z } from 'zod';
import type { userListSchema } from '../../../core/user';
import { BaseCommand } from '../../base-command';
import { renderUserTable } from '../../identity-display';

/** `godocker user list` (admins). */
export default class UserList extends BaseCommand<typeof UserList> {
  static override summary = 'List users with their identity, role and root grant (admins)';

  async run(): Promise<z.infer<typeof userListSchema>> {
    const list = await (await this.client()).listUsers();
    this.log(renderUserTable(list.users));
    return list;
  }
}
