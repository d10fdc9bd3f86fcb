import type { z } from 'zod';
import type { projectListSchema } from '../../../core/projects';
import { renderProjectTable } from '../../account-display';
import { BaseCommand } from '../../base-command';

/** What `project list --json` prints. */
export type ProjectList = z.infer<typeof projectListSchema>;

/** `godocker project list`: your projects (all for admins). */
export default class ProjectListCommand extends BaseCommand<typeof ProjectListCommand> {
  static override summary = 'List projects: yours, or all for admins';

  async run(): Promise<ProjectList> {
    const list = await (await this.client()).listProjects();
    this.log(list.projects.length === 0 ? 'No projects.' : renderProjectTable(list.projects));
    return list;
  }
}
