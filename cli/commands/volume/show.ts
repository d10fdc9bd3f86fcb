import type { Volume } from '../../../core/volumes';
import { nameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';
import { renderVolumeDetails } from '../../identity-display';

/** `godocker volume show NAME`. */
export default class VolumeShow extends BaseCommand<typeof VolumeShow> {
  static override summary = 'Show a volume';
  static override args = { name: nameArg('Volume name') };

  async run(): Promise<Volume> {
    const volume = await (await this.client()).getVolume(this.args.name);
    this.log(renderVolumeDetails(volume));
    return volume;
  }
}
