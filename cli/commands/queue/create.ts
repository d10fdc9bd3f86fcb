import { Flags } from '@oclif/core';
import type { QueueView } from '../../../core/queues';
import { descriptionFlag, nameArg, priorityFlag, walltimeFlag } from '../../account-flags';
import { BaseCommand } from '../../base-command';
import { renderQueueDetails } from '../../queue-display';

/** `godocker queue create NAME`: a queue jobs may name at submit. */
export default class QueueCreate extends BaseCommand<typeof QueueCreate> {
  static override summary = 'Create a queue (admins)';
  static override examples = [
    '<%= config.bin %> queue create short --max-walltime 1h --priority 10',
    '<%= config.bin %> queue create gpu --allow-group bio --allow-group chem',
  ];
  static override args = { name: nameArg('Queue name: lowercase letters, digits, _ . -') };
  static override flags = {
    description: descriptionFlag,
    priority: priorityFlag,
    'max-walltime': walltimeFlag({
      summary: 'Longest lifetime a job may ask for here, e.g. 2h or 3d (default: the site max)',
    }),
    'allow-group': Flags.string({
      multiple: true,
      summary: 'Only members of this group may submit here (repeat for more; default: everyone)',
    }),
  };

  async run(): Promise<QueueView> {
    const queue = await (
      await this.client()
    ).createQueue({
      name: this.args.name,
      description: this.flags.description,
      priority: this.flags.priority,
      maxWalltimeSeconds: this.flags['max-walltime'],
      allowedGroups: this.flags['allow-group'],
    });
    this.log(renderQueueDetails(queue));
    return queue;
  }
}
