import type { z } from 'zod';
import type { volumeListSchema } from '../../../core/volumes';
import { BaseCommand } from '../../base-command';
import { renderVolumeTable } from '../../identity-display';

/** `godocker volume list`. */
export default class VolumeList extends BaseCommand<typeof VolumeList> {
  static override summary = 'List the volumes jobs may ask for (besides their home)';

  async run(): Promise<z.infer<typeof volumeListSchema>> {
    const list = await (await this.client()).listVolumes();
    this.log(list.volumes.length ? renderVolumeTable(list.volumes) : 'No volumes declared.');
    return list;
  }
}
