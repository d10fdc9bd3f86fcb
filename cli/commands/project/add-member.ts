import type { ProjectView } from '../../../core/projects';
import { nameArg, usernameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';

/** `godocker project add-member PROJECT USER`: lets a user charge jobs to the project. */
export default class ProjectAddMember extends BaseCommand<typeof ProjectAddMember> {
  static override summary = 'Add a user to a project (admins and the project manager)';
  static override args = { project: nameArg('Project name'), user: usernameArg };

  async run(): Promise<ProjectView> {
    const { project, user } = this.args;
    const view = await (await this.client()).addProjectMember(project, user);
    this.log(`${user} is a member of project ${project}.`);
    return view;
  }
}
