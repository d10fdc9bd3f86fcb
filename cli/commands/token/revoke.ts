import { Args } from '@oclif/core';
import type { ApiTokenView } from '../../../core/tokens';
import { BaseCommand } from '../../base-command';

/** `godocker token revoke ID`. */
export default class TokenRevoke extends BaseCommand<typeof TokenRevoke> {
  static override summary = 'Revoke one of your API tokens';
  static override args = {
    id: Args.integer({ required: true, min: 1, description: 'Token id (see token list)' }),
  };

  async run(): Promise<ApiTokenView> {
    const token = await (await this.client()).revokeToken(this.args.id);
    this.log(`Revoked token ${token.id} (${token.name}).`);
    return token;
  }
}
