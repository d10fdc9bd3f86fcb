import { Flags } from '@oclif/core';
import type { ProjectView } from '../../../core/projects';
import { descriptionFlag, nameArg, priorityFlag, sharesFlag } from '../../account-flags';
import { renderProjectDetails } from '../../account-display';
import { BaseCommand } from '../../base-command';

/** `godocker project create NAME`: a project that members charge their jobs to. */
export default class ProjectCreate extends BaseCommand<typeof ProjectCreate> {
  static override summary = 'Create a project (admins)';
  static override examples = ['<%= config.bin %> project create genome --manager alice'];
  static override args = { name: nameArg('Project name: lowercase letters, digits, _ . -') };
  static override flags = {
    manager: Flags.string({ summary: 'A user who may add and remove members (becomes one)' }),
    description: descriptionFlag,
    shares: sharesFlag,
    priority: priorityFlag,
  };

  async run(): Promise<ProjectView> {
    const project = await (
      await this.client()
    ).createProject({
      name: this.args.name,
      manager: this.flags.manager,
      description: this.flags.description,
      shares: this.flags.shares,
      priority: this.flags.priority,
    });
    this.log(renderProjectDetails(project));
    return project;
  }
}
