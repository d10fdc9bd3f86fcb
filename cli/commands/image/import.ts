import { Args } from '@oclif/core';
import type { CatalogImage, RegistryListing } from '../../../core/catalog';
import { BaseCommand } from '../../base-command';
import { renderImageDetails } from '../../image-display';
import { imageFieldFlags } from '../../image-flags';

/** `godocker image import REGISTRY [REPOSITORY[:TAG]]` (admins). */
export default class ImageImport extends BaseCommand<typeof ImageImport> {
  static override summary =
    "List a registry's repositories and tags, or register one of them with its digest (admins)";
  static override examples = [
    '<%= config.bin %> image import 127.0.0.1:5000',
    '<%= config.bin %> image import 127.0.0.1:5000 godocker/debian:12 --os debian --tag bash',
  ];
  static override args = {
    registry: Args.string({ required: true, description: 'host[:port] of the registry' }),
    repository: Args.string({ description: 'repository[:tag] to register; omit to list' }),
  };
  static override flags = imageFieldFlags;

  async run(): Promise<CatalogImage | RegistryListing> {
    const client = await this.client();
    const { registry, repository } = this.args;
    if (!repository) {
      const listing = await client.browseRegistry(registry);
      for (const repo of listing.repositories) this.log(`${repo.name}\t${repo.tags.join(' ')}`);
      if (!listing.repositories.length) this.log(`registry ${registry} has no repositories`);
      return listing;
    }
    const [name, tag] = repository.split(':');
    const image = await client.importImage({
      registry,
      repository: name ?? repository,
      tag,
      description: this.flags.description,
      os: this.flags.os,
      tags: this.flags.tag,
      isDefault: this.flags.default,
    });
    this.log(renderImageDetails(image));
    return image;
  }
}
