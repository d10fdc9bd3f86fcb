import { Args, Flags } from '@oclif/core';
import type { CatalogImage } from '../../../core/catalog';
import { BaseCommand } from '../../base-command';
import { renderImageDetails } from '../../image-display';
import { imageFieldFlags } from '../../image-flags';

/** `godocker image update NAME[:VERSION]|ID [flags]` (admins). */
export default class ImageUpdate extends BaseCommand<typeof ImageUpdate> {
  static override summary = 'Change an image of the catalog (admins)';
  static override examples = [
    '<%= config.bin %> image update godocker/debian:12 --default',
    '<%= config.bin %> image update godocker/debian:12 --reference 127.0.0.1:5000/godocker/debian:12',
  ];
  static override args = {
    image: Args.string({ required: true, description: 'name[:version] or id' }),
  };
  static override flags = {
    ...imageFieldFlags,
    reference: Flags.string({ summary: 'New registry/name:tag; its digest is looked up' }),
  };

  async run(): Promise<CatalogImage> {
    const image = await (
      await this.client()
    ).updateImage(this.args.image, {
      description: this.flags.description,
      os: this.flags.os,
      tags: this.flags.tag,
      isDefault: this.flags.default,
      reference: this.flags.reference,
    });
    this.log(renderImageDetails(image));
    return image;
  }
}
