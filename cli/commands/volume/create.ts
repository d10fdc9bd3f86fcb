import type { Volume } from '../../../core/volumes';
import { nameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';
import { CliFailure } from '../../failure';
import { renderVolumeDetails } from '../../identity-display';
import { volumeFlags } from '../../volume-flags';

/** `godocker volume create NAME --host-path ... --container-path ...` (admins). */
export default class VolumeCreate extends BaseCommand<typeof VolumeCreate> {
  static override summary = 'Declare a host directory jobs may mount (admins)';
  static override examples = [
    '<%= config.bin %> volume create refdata --host-path /srv/refdata --container-path /refdata',
    "<%= config.bin %> volume create scratch --host-path '/scratch/{username}' --container-path /scratch --no-read-only",
    "<%= config.bin %> volume create projects --host-path '/data/{project}' --container-path /project --group bio",
  ];
  static override args = { name: nameArg('Volume name: lowercase letters, digits and -') };
  static override flags = volumeFlags;

  async run(): Promise<Volume> {
    const hostPath = this.flags['host-path'];
    const containerPath = this.flags['container-path'];
    if (!hostPath || !containerPath) {
      throw new CliFailure('give both --host-path and --container-path', 'usage');
    }
    const volume = await (
      await this.client()
    ).createVolume({
      name: this.args.name,
      description: this.flags.description,
      hostPath,
      containerPath,
      readOnly: this.flags['read-only'],
      groups: this.flags.group,
    });
    this.log(renderVolumeDetails(volume));
    return volume;
  }
}
