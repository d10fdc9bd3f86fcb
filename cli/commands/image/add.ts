import { Args, Flags } from '@oclif/core';
import type { CatalogImage } from '../../../core/catalog';
import { repositoryOf, tagOf } from '../../../core/catalog';
import { BaseCommand } from '../../base-command';
import { renderImageDetails } from '../../image-display';
import { imageFieldFlags } from '../../image-flags';

/** `godocker image add NAME[:VERSION] [--reference REF] ...` (admins). */
export default class ImageAdd extends BaseCommand<typeof ImageAdd> {
  static override summary = 'Register an image in the catalog (admins)';
  static override examples = [
    "<%= config.bin %> image add godocker/busybox:latest --os busybox -d 'BusyBox shell'",
    '<%= config.bin %> image add godocker/debian:12 --reference 127.0.0.1:5000/godocker/debian:12 --os debian --tag bash',
  ];
  static override args = {
    image: Args.string({ required: true, description: 'name:version users submit with' }),
  };
  static override flags = {
    ...imageFieldFlags,
    reference: Flags.string({
      summary: 'Where the daemon gets it (registry/name:tag); default: built on the node',
    }),
  };

  async run(): Promise<CatalogImage> {
    const image = await (
      await this.client()
    ).createImage({
      name: repositoryOf(this.args.image),
      version: tagOf(this.args.image),
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
