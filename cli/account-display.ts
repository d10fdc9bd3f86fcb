import type { GroupView } from '../core/groups';
import type { ProjectView } from '../core/projects';
import { formatTime } from './job-display';
import { listText, renderFields } from './fields';
import { renderTable } from './table';

// The primary group is what jobs are charged to, so it is marked wherever members are listed.
const memberText = (m: GroupView['members'][number]) => (m.primary ? `${m.username}*` : m.username);

/** The `group list` table; `*` marks members for whom it is the primary group. */
export function renderGroupTable(groups: readonly GroupView[]): string {
  return renderTable(groups, [
    { heading: 'NAME', value: (g) => g.name },
    { heading: 'GID', value: (g) => (g.gid === null ? '-' : String(g.gid)), alignRight: true },
    { heading: 'SHARES', value: (g) => String(g.shares), alignRight: true },
    { heading: 'PRIORITY', value: (g) => String(g.priority), alignRight: true },
    { heading: 'MEMBERS', value: (g) => listText(g.members.map(memberText)), maxWidth: 50 },
    { heading: 'DESCRIPTION', value: (g) => g.description, maxWidth: 40 },
  ]);
}

/** The `group show` page. */
export function renderGroupDetails(group: GroupView): string {
  return renderFields([
    ['Name', group.name],
    ['GID', group.gid === null ? '-' : String(group.gid)],
    ['Description', group.description || '-'],
    ['Shares', String(group.shares)],
    ['Priority', String(group.priority)],
    [
      'Members',
      group.members.length ? `${listText(group.members.map(memberText))}  (* primary)` : '-',
    ],
    ['Created', formatTime(group.createdAt)],
  ]);
}

/** The `project list` table. */
export function renderProjectTable(projects: readonly ProjectView[]): string {
  return renderTable(projects, [
    { heading: 'NAME', value: (p) => p.name },
    { heading: 'MANAGER', value: (p) => p.manager ?? '-' },
    { heading: 'SHARES', value: (p) => String(p.shares), alignRight: true },
    { heading: 'PRIORITY', value: (p) => String(p.priority), alignRight: true },
    { heading: 'MEMBERS', value: (p) => listText(p.members), maxWidth: 50 },
    { heading: 'DESCRIPTION', value: (p) => p.description, maxWidth: 40 },
  ]);
}

/** The `project show` page. */
export function renderProjectDetails(project: ProjectView): string {
  return renderFields([
    ['Name', project.name],
    ['Description', project.description || '-'],
    ['Manager', project.manager ?? '-'],
    ['Shares', String(project.shares)],
    ['Priority', String(project.priority)],
    ['Members', listText(project.members)],
    ['Created', formatTime(project.createdAt)],
  ]);
}
