import type { ProjectView } from '../../../core/projects';
import { nameArg } from '../../account-flags';
import { renderProjectDetails } from '../../account-display';
import { BaseCommand } from '../../base-command';

/** `godocker project show NAME`: one project with its manager and members. */
export default class ProjectShow extends BaseCommand<typeof ProjectShow> {
  static override summary = 'Show a project with its manager and members';
  static override args = { name: nameArg('Project name') };

  async run(): Promise<ProjectView> {
    const project = await (await this.client()).getProject(this.args.name);
    this.log(renderProjectDetails(project));
    return project;
  }
}
