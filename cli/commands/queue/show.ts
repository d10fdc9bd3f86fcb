import type { QueueView } from '../../../core/queues';
import { nameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';
import { renderQueueDetails } from '../../queue-display';

/** `godocker queue show NAME`. */
export default class QueueShow extends BaseCommand<typeof QueueShow> {
  static override summary = 'Show a queue';
  static override args = { name: nameArg('Queue name') };

  async run(): Promise<QueueView> {
    const queue = await (await this.client()).getQueue(this.args.name);
    this.log(renderQueueDetails(queue));
    return queue;
  }
}
