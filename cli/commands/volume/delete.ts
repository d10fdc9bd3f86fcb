import { nameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';

/** `godocker volume delete NAME` (admins). */
export default class VolumeDelete extends BaseCommand<typeof VolumeDelete> {
  static override summary = 'Remove a volume from the catalog (admins)';
  static override args = { name: nameArg('Volume name') };

  async run(): Promise<{ deleted: true }> {
    const result = await (await this.client()).deleteVolume(this.args.name);
    this.log(`Deleted volume ${this.args.name}.`);
    return result;
  }
}
