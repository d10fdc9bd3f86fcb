import type { z } from 'zod';
import type { queueListSchema } from '../../../core/queues';
import { BaseCommand } from '../../base-command';
import { renderQueueTable } from '../../queue-display';

/** What `queue list --json` prints. */
export type QueueList = z.infer<typeof queueListSchema>;

/** `godocker queue list`: the queues a job may name, with their limits. */
export default class QueueListCommand extends BaseCommand<typeof QueueListCommand> {
  static override summary = 'List queues with their priority, max walltime and allowed groups';

  async run(): Promise<QueueList> {
    const list = await (await this.client()).listQueues();
    this.log(renderQueueTable(list.queues));
    return list;
  }
}
