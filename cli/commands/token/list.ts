import type { z } from 'zod';
import type { tokenListSchema } from '../../../core/tokens';
import { BaseCommand } from '../../base-command';
import { renderTokenTable } from '../../identity-display';

/** `godocker token list`. */
export default class TokenList extends BaseCommand<typeof TokenList> {
  static override summary = 'List your API tokens (login sessions are not listed)';

  async run(): Promise<z.infer<typeof tokenListSchema>> {
    const list = await (await this.client()).listTokens();
    this.log(list.tokens.length ? renderTokenTable(list.tokens) : 'No API tokens.');
    return list;
  }
}
