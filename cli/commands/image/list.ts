import { Flags } from '@oclif/core';
import type { z } from 'zod';
import type { imageListSchema } from '../../../core/catalog';
import { BaseCommand } from '../../base-command';
import { renderImageTable } from '../../image-display';

/** `godocker image list [--search WORDS] [--os OS] [--tag TAG]`. */
export default class ImageList extends BaseCommand<typeof ImageList> {
  static override summary = 'List and search the software catalog';
  static override examples = [
    '<%= config.bin %> image list',
    '<%= config.bin %> image list --search bash --os debian',
  ];
  static override flags = {
    search: Flags.string({ char: 's', summary: 'Words found in name, description, os or tags' }),
    os: Flags.string({ summary: 'Only images of this operating system' }),
    tag: Flags.string({ summary: 'Only images with this tag' }),
  };

  async run(): Promise<z.infer<typeof imageListSchema>> {
    const list = await (
      await this.client()
    ).listImages({ search: this.flags.search, os: this.flags.os, tag: this.flags.tag });
    this.log(list.images.length ? renderImageTable(list.images) : 'No image matches.');
    return list;
  }
}
