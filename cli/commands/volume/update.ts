import type { Volume } from '../../../core/volumes';
import { nameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';
import { renderVolumeDetails } from '../../identity-display';
import { volumeFlags } from '../../volume-flags';

/** `godocker volume update NAME [flags]` (admins). */
export default class VolumeUpdate extends BaseCommand<typeof VolumeUpdate> {
  static override summary = 'Change a volume; jobs already submitted keep their mounts (admins)';
  static override args = { name: nameArg('Volume name') };
  static override flags = volumeFlags;

  async run(): Promise<Volume> {
    const volume = await (
      await this.client()
    ).updateVolume(this.args.name, {
      description: this.flags.description,
      hostPath: this.flags['host-path'],
      containerPath: this.flags['container-path'],
      readOnly: this.flags['read-only'],
      groups: this.flags.group,
    });
    this.log(renderVolumeDetails(volume));
    return volume;
  }
}
