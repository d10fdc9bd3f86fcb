import { nameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';

/** `godocker project delete NAME`: removes a project, its memberships and its quota (admins). */
export default class ProjectDelete extends BaseCommand<typeof ProjectDelete> {
  static override summary =
    'Delete a project, its memberships and its quota (refused while it has unfinished jobs)';
  static override args = { name: nameArg('Project name') };

  async run(): Promise<{ deleted: true }> {
    const result = await (await this.client()).deleteProject(this.args.name);
    this.log(`Deleted project ${this.args.name}.`);
    return result;
  }
}
