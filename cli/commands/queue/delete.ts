import { nameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';

/** `godocker queue delete NAME`: removes a queue and its quota (admins). */
export default class QueueDelete extends BaseCommand<typeof QueueDelete> {
  static override summary = 'Delete a queue and its quota (refused while it has unfinished jobs)';
  static override args = { name: nameArg('Queue name') };

  async run(): Promise<{ deleted: true }> {
    const result = await (await this.client()).deleteQueue(this.args.name);
    this.log(`Deleted queue ${this.args.name}.`);
    return result;
  }
}
