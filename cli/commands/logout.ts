import { ApiClient } from '../../client/api-client';
import { BaseCommand } from '../base-command';
import { removeSavedLogin, type SavedLogin } from '../config-file';

/** What `logout --json` prints. */
export interface LogoutResult {
  /** The server accepted to revoke the token (false when it was already invalid or unreachable). */
  revoked: boolean;
  /** A saved login existed and was removed. */
  forgotten: boolean;
  configFile: string;
}

async function revoke(saved: SavedLogin): Promise<boolean> {
  if (!saved.url || !saved.token) return false;
  try {
    return (await new ApiClient(saved.url, saved.token).logout()).revoked;
  } catch {
    // Unreachable server or dead token: forgetting it locally is still what the user asked for.
    return false;
  }
}

/** `godocker logout`: revokes the saved token on its server and forgets it on this machine. */
export default class Logout extends BaseCommand<typeof Logout> {
  static override summary = 'Revoke the saved token and forget it on this machine';

  async run(): Promise<LogoutResult> {
    const saved = await this.savedLogin();
    const revoked = await revoke(saved);
    await removeSavedLogin(this.configFile);
    const forgotten = saved.token !== undefined;
    if (!forgotten) this.log('Not logged in.');
    else
      this.log(
        `Logged out of ${saved.url ?? 'the server'}${revoked ? '' : ' (the server did not confirm revoking the token)'}.`,
      );
    return { revoked, forgotten, configFile: this.configFile };
  }
}
