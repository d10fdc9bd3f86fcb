import { Flags } from '@oclif/core';
import type { QueueView } from '../../../core/queues';
import { descriptionFlag, nameArg, priorityFlag, walltimeFlag } from '../../account-flags';
import { BaseCommand } from '../../base-command';
import { renderQueueDetails } from '../../queue-display';

/** `godocker queue update NAME`: changes a queue's settings. */
export default class QueueUpdate extends BaseCommand<typeof QueueUpdate> {
  static override summary =
    "Change a queue's priority, max walltime, groups or description (admins)";
  static override examples = [
    '<%= config.bin %> queue update short --max-walltime 2h',
    '<%= config.bin %> queue update gpu --allow-all-groups',
  ];
  static override args = { name: nameArg('Queue name') };
  static override flags = {
    description: descriptionFlag,
    priority: priorityFlag,
    'max-walltime': walltimeFlag({ summary: 'e.g. 2h or 3d; none: the site max' }),
    'allow-group': Flags.string({
      multiple: true,
      exclusive: ['allow-all-groups'],
      summary: 'Replace the allowed groups with these (repeat for more)',
    }),
    'allow-all-groups': Flags.boolean({ summary: 'Open the queue to every group' }),
  };

  async run(): Promise<QueueView> {
    const groups = this.flags['allow-all-groups'] ? [] : this.flags['allow-group'];
    const queue = await (
      await this.client()
    ).updateQueue(this.args.name, {
      description: this.flags.description,
      priority: this.flags.priority,
      maxWalltimeSeconds: this.flags['max-walltime'],
      allowedGroups: groups,
    });
    this.log(renderQueueDetails(queue));
    return queue;
  }
}
