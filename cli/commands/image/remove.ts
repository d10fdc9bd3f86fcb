import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command';

/** `godocker image remove NAME[:VERSION]|ID` (admins). */
export default class ImageRemove extends BaseCommand<typeof ImageRemove> {
  static override summary = 'Remove an image from the catalog; submitted jobs keep theirs (admins)';
  static override args = {
    image: Args.string({ required: true, description: 'name[:version] or id' }),
  };

  async run(): Promise<{ deleted: true }> {
    const result = await (await this.client()).deleteImage(this.args.image);
    this.log(`removed ${this.args.image} from the catalog`);
    return result;
  }
}
