import { Flags } from '@oclif/core';
import { ApiClient } from '../../client/api-client';
import type { UserView } from '../../core/user';
import { BaseCommand } from '../base-command';
import { writeSavedLogin } from '../config-file';
import { readPassword, readUsername } from '../prompt';

/** What `login --json` prints (never the token: it is in the config file). */
export interface LoginResult {
  url: string;
  user: UserView;
  expiresAt: string;
  configFile: string;
}

/** `godocker login`: exchanges a password for a token and saves it for the next commands. */
export default class Login extends BaseCommand<typeof Login> {
  static override summary = 'Log in to a Go-Docker server and remember the token';

  static override examples = [
    '<%= config.bin %> login -u alice',
    'cat ~/.godocker-password | <%= config.bin %> login -u alice --password-stdin --url https://godocker.example.org',
  ];

  static override flags = {
    username: Flags.string({
      char: 'u',
      summary: 'Your username (asked on a terminal when left out)',
    }),
    'password-stdin': Flags.boolean({
      summary: 'Read the password from stdin (else GODOCKER_PASSWORD, else a prompt)',
    }),
  };

  async run(): Promise<LoginResult> {
    const url = await this.serverUrl();
    const username = await readUsername(this.flags.username);
    const password = await readPassword(this.flags['password-stdin'], username);
    const session = await new ApiClient(url).login(username, password);
    await writeSavedLogin(this.configFile, {
      url,
      token: session.token,
      username: session.user.username,
      expiresAt: session.expiresAt,
    });
    this.log(
      `Logged in to ${url} as ${session.user.username} (${session.user.role}); the token is saved in ${this.configFile}.`,
    );
    return { url, user: session.user, expiresAt: session.expiresAt, configFile: this.configFile };
  }
}
