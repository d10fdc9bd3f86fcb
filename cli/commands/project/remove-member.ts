import type { ProjectView } from '../../../core/projects';
import { nameArg, usernameArg } from '../../account-flags';
import { BaseCommand } from '../../base-command';

/** `godocker project remove-member PROJECT USER`. */
export default class ProjectRemoveMember extends BaseCommand<typeof ProjectRemoveMember> {
  static override summary = 'Remove a user from a project (admins and the project manager)';
  static override args = { project: nameArg('Project name'), user: usernameArg };

  async run(): Promise<ProjectView> {
    const { project, user } = this.args;
    const view = await (await this.client()).removeProjectMember(project, user);
    this.log(`${user} is no longer a member of project ${project}.`);
    return view;
  }
}
