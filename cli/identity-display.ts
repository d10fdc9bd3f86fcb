import type { AuditEvent } from '../core/audit';
import type { ApiTokenView } from '../core/tokens';
import type { UserView } from '../core/user';
import type { Volume } from '../core/volumes';
import { listText, renderFields } from './fields';
import { formatTime } from './job-display';
import { renderTable } from './table';

/** The `token list` table. */
export function renderTokenTable(tokens: readonly ApiTokenView[]): string {
  return renderTable(tokens, [
    { heading: 'ID', value: (t) => String(t.id), alignRight: true },
    { heading: 'NAME', value: (t) => t.name, maxWidth: 30 },
    { heading: 'SCOPE', value: (t) => t.scope },
    { heading: 'EXPIRES', value: (t) => formatTime(t.expiresAt) },
    { heading: 'LAST USED', value: (t) => (t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never') },
    { heading: 'STATE', value: (t) => (t.revokedAt ? 'revoked' : 'live') },
  ]);
}

/** The `volume list` table. */
export function renderVolumeTable(volumes: readonly Volume[]): string {
  return renderTable(volumes, [
    { heading: 'NAME', value: (v) => v.name },
    { heading: 'HOST PATH', value: (v) => v.hostPath, maxWidth: 40 },
    { heading: 'CONTAINER PATH', value: (v) => v.containerPath, maxWidth: 30 },
    { heading: 'MODE', value: (v) => (v.readOnly ? 'ro' : 'rw') },
    { heading: 'GROUPS', value: (v) => listText(v.groups, 'everyone'), maxWidth: 30 },
    { heading: 'DESCRIPTION', value: (v) => v.description, maxWidth: 40 },
  ]);
}

/** The `volume show` page. */
export function renderVolumeDetails(volume: Volume): string {
  return renderFields([
    ['Name', volume.name],
    ['Description', volume.description || '-'],
    ['Host path', volume.hostPath],
    ['Container path', volume.containerPath],
    ['Mode', volume.readOnly ? 'read-only' : 'read-write'],
    ['Groups', listText(volume.groups, 'everyone')],
    ['Updated', formatTime(volume.updatedAt)],
  ]);
}

/** The `user list` table. */
export function renderUserTable(users: readonly UserView[]): string {
  return renderTable(users, [
    { heading: 'USERNAME', value: (u) => u.username },
    { heading: 'UID', value: (u) => String(u.uid), alignRight: true },
    { heading: 'GID', value: (u) => String(u.gid), alignRight: true },
    { heading: 'ROLE', value: (u) => u.role },
    { heading: 'AUTH', value: (u) => u.authSource },
    { heading: 'ROOT', value: (u) => (u.rootAllowed ? 'allowed' : '-') },
    { heading: 'GROUP', value: (u) => u.primaryGroup },
    { heading: 'HOME', value: (u) => u.home, maxWidth: 40 },
  ]);
}

/** The `user show` page. */
export function renderUserDetails(user: UserView): string {
  return renderFields([
    ['Username', user.username],
    ['Role', user.role],
    ['Authenticates with', user.authSource],
    ['uid:gid', `${user.uid}:${user.gid}`],
    ['Groups (gids)', user.groups.join(', ')],
    ['Home', user.home],
    ['Root jobs', user.rootAllowed ? 'allowed (volumes mount read-only)' : 'not allowed'],
    ['Primary group', user.primaryGroup],
    ['Scheduling groups', listText(user.accountGroups)],
    ['Projects', listText(user.projects)],
    ['Shares / priority', `${user.shares} / ${user.priority}`],
    ['Created', formatTime(user.createdAt)],
  ]);
}

/** The `audit` table. */
export function renderAuditTable(events: readonly AuditEvent[]): string {
  return renderTable(events, [
    { heading: 'ID', value: (e) => String(e.id), alignRight: true },
    { heading: 'TIME', value: (e) => formatTime(e.at) },
    { heading: 'ACTOR', value: (e) => e.actor ?? '-' },
    { heading: 'ADDRESS', value: (e) => e.address ?? '-' },
    { heading: 'ACTION', value: (e) => e.action },
    { heading: 'TARGET', value: (e) => e.target ?? '-', maxWidth: 30 },
    { heading: 'OUTCOME', value: (e) => e.outcome },
    {
      heading: 'DETAIL',
      value: (e) => {
        if (!e.detail) return '-';
        return typeof e.detail.reason === 'string' ? e.detail.reason : JSON.stringify(e.detail);
      },
      maxWidth: 60,
    },
  ]);
}
