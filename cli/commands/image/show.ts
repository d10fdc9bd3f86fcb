import { Args } from '@oclif/core';
import type { CatalogImage } from '../../../core/catalog';
import { BaseCommand } from '../../base-command';
import { renderImageDetails } from '../../image-display';

/** `godocker image show NAME[:VERSION]|ID`. */
export default class ImageShow extends BaseCommand<typeof ImageShow> {
  static override summary = 'Show an image of the catalog';
  static override examples = ['<%= config.bin %> image show godocker/debian:12'];
  static override args = {
    image: Args.string({ required: true, description: 'name[:version] (default latest) or id' }),
  };

  async run(): Promise<CatalogImage> {
    const image = await (await this.client()).getImage(this.args.image);
    this.log(renderImageDetails(image));
    return image;
  }
}
