import { Flags } from '@oclif/core';
import type { ProjectView } from '../../../core/projects';
import { descriptionFlag, nameArg, priorityFlag, sharesFlag } from '../../account-flags';
import { renderProjectDetails } from '../../account-display';
import { BaseCommand } from '../../base-command';

/** `godocker project update NAME`: changes a project's manager, description, shares or priority. */
export default class ProjectUpdate extends BaseCommand<typeof ProjectUpdate> {
  static override summary = "Change a project's manager, description, shares or priority (admins)";
  static override args = { name: nameArg('Project name') };
  static override flags = {
    manager: Flags.string({ summary: 'The new manager; none removes the manager' }),
    description: descriptionFlag,
    shares: sharesFlag,
    priority: priorityFlag,
  };

  async run(): Promise<ProjectView> {
    const { manager } = this.flags;
    const project = await (
      await this.client()
    ).updateProject(this.args.name, {
      manager: manager === 'none' ? null : manager,
      description: this.flags.description,
      shares: this.flags.shares,
      priority: this.flags.priority,
    });
    this.log(renderProjectDetails(project));
    return project;
  }
}
