import { Flags } from '@oclif/core';
import { tokenScopes } from '../../../core/tokens';
import type { z } from 'zod';
import type { createdTokenSchema } from '../../../core/tokens';
import { nameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';

/** `godocker token create NAME`: a token for scripts, shown once. */
export default class TokenCreate extends BaseCommand<typeof TokenCreate> {
  static override summary = 'Create an API token for scripts and pipelines (shown once)';
  static override examples = [
    '<%= config.bin %> token create pipeline --scope jobs --expires-in-days 30',
    '<%= config.bin %> token create dashboard --scope read',
  ];
  static override args = { name: nameArg('A label to recognise the token by') };
  static override flags = {
    scope: Flags.string({
      options: [...tokenScopes],
      default: 'jobs',
      summary: 'read: look only; jobs: also submit and kill; full: everything you may do',
    }),
    'expires-in-days': Flags.integer({ min: 1, max: 365, default: 90, summary: 'Lifetime' }),
  };

  async run(): Promise<z.infer<typeof createdTokenSchema>> {
    const created = await (
      await this.client()
    ).createToken({
      name: this.args.name,
      scope: this.flags.scope as (typeof tokenScopes)[number],
      expiresInDays: this.flags['expires-in-days'],
    });
    this.log(
      `Token ${created.id} (${created.name}, scope ${created.scope}, expires ${created.expiresAt}):`,
    );
    this.log(created.token);
    this.logToStderr(
      'It is not shown again: keep it somewhere safe, e.g. export GODOCKER_TOKEN=...',
    );
    return created;
  }
}
