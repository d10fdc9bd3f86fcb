import { useCallback, useEffect, useState } from 'react';
import { type z } from 'zod';
import { defaultProject, defaultQueue, deletedSchema, fallbackGroup } from '../../../core/accounts';
import {
  createGroupRequestSchema,
  groupListSchema,
  groupSchema,
  updateGroupRequestSchema,
  type GroupView,
} from '../../../core/groups';
import {
  createProjectRequestSchema,
  projectListSchema,
  projectSchema,
  updateProjectRequestSchema,
  type ProjectView,
} from '../../../core/projects';
import {
  createQueueRequestSchema,
  queueListSchema,
  queueSchema,
  updateQueueRequestSchema,
  type QueueView,
} from '../../../core/queues';
import { AccountForm, formValues, type FieldSpec } from '../admin/account-form';
import { MembersEditor, type Member } from '../admin/members';
import { api } from '../api/client';
import { ConfirmDialog } from '../components/confirm';
import { Empty, ErrorNote, Loading } from '../components/feedback';
import { formatDuration } from '../jobs/format';
import { TableWrap } from '../components/table-wrap';

type Kind = 'group' | 'project' | 'queue';
type AccountRecord = GroupView | ProjectView | QueueView;

interface KindSpec {
  plural: string;
  path: string;
  fields: readonly FieldSpec[];
  create: z.ZodType;
  update: z.ZodType;
  view: z.ZodType;
  head: readonly string[];
  cells: (record: AccountRecord) => string[];
  members?: (record: AccountRecord) => Member[];
  /** The one record the site cannot work without; the server refuses to delete it. */
  builtIn: string;
}

const nameField: FieldSpec = {
  key: 'name',
  label: 'Name',
  kind: 'name',
  createOnly: true,
  hint: 'Lowercase letters, digits, _ . - ; it cannot change later',
};
const descriptionField: FieldSpec = { key: 'description', label: 'Description', kind: 'text' };
const sharesField: FieldSpec = {
  key: 'shares',
  label: 'Shares',
  kind: 'int',
  hint: 'Fair-share weight against its peers (default 1)',
};
const priorityField: FieldSpec = {
  key: 'priority',
  label: 'Priority',
  kind: 'int',
  hint: '-1000 to 1000; higher starts first (default 0)',
};

const specs: { [K in Kind]: KindSpec } = {
  group: {
    plural: 'Groups',
    builtIn: fallbackGroup,
    path: '/groups',
    fields: [
      nameField,
      { key: 'gid', label: 'gid', kind: 'nullable-int', hint: 'The POSIX gid, if any' },
      descriptionField,
      sharesField,
      priorityField,
    ],
    create: createGroupRequestSchema,
    update: updateGroupRequestSchema,
    view: groupSchema,
    head: ['Group', 'gid', 'Shares', 'Priority', 'Members'],
    cells: (record) => {
      const g = record as GroupView;
      return [
        g.name,
        g.gid === null ? '—' : String(g.gid),
        String(g.shares),
        String(g.priority),
        g.members.map((m) => (m.primary ? `${m.username}*` : m.username)).join(', ') || '—',
      ];
    },
    members: (record) => (record as GroupView).members,
  },
  project: {
    plural: 'Projects',
    builtIn: defaultProject,
    path: '/projects',
    fields: [
      nameField,
      descriptionField,
      {
        key: 'manager',
        label: 'Manager',
        kind: 'nullable-name',
        hint: 'A user who may add and remove members; empty for none',
      },
      sharesField,
      priorityField,
    ],
    create: createProjectRequestSchema,
    update: updateProjectRequestSchema,
    view: projectSchema,
    head: ['Project', 'Manager', 'Shares', 'Priority', 'Members'],
    cells: (record) => {
      const p = record as ProjectView;
      return [
        p.name,
        p.manager ?? '—',
        String(p.shares),
        String(p.priority),
        p.members.join(', ') || '—',
      ];
    },
    members: (record) => (record as ProjectView).members.map((username) => ({ username })),
  },
  queue: {
    plural: 'Queues',
    builtIn: defaultQueue,
    path: '/queues',
    fields: [
      nameField,
      descriptionField,
      priorityField,
      {
        key: 'maxWalltimeSeconds',
        label: 'Max walltime (hours)',
        kind: 'nullable-int',
        scale: 3600,
        hint: 'Longest lifetime a job may ask for here; empty: the site maximum',
      },
      {
        key: 'allowedGroups',
        label: 'Allowed groups',
        kind: 'list',
        hint: 'Comma-separated; empty: every group',
      },
    ],
    create: createQueueRequestSchema,
    update: updateQueueRequestSchema,
    view: queueSchema,
    head: ['Queue', 'Priority', 'Max walltime', 'Allowed groups'],
    cells: (record) => {
      const q = record as QueueView;
      return [
        q.name,
        String(q.priority),
        q.maxWalltimeSeconds === null ? '—' : formatDuration(q.maxWalltimeSeconds),
        q.allowedGroups.join(', ') || 'all',
      ];
    },
  },
};

const listOf = {
  group: async () => (await api(groupListSchema, '/groups')).groups,
  project: async () => (await api(projectListSchema, '/projects')).projects,
  queue: async () => (await api(queueListSchema, '/queues')).queues,
} satisfies { [K in Kind]: () => Promise<AccountRecord[]> };

const recordPath = (kind: Kind, name: string) => `${specs[kind].path}/${encodeURIComponent(name)}`;

/** One kind of account: its table, the form to create or edit one, members, delete. */
function AccountSection(props: { kind: Kind }) {
  const spec = specs[props.kind];
  const [records, setRecords] = useState<AccountRecord[]>();
  const [error, setError] = useState<unknown>();
  // undefined: no form; '': creating; a name: editing that record.
  const [editing, setEditing] = useState<string>();
  const [deleting, setDeleting] = useState<string>();
  const load = useCallback(async () => {
    try {
      setRecords(await listOf[props.kind]());
    } catch (caught) {
      setError(caught);
    }
  }, [props.kind]);
  useEffect(() => void load(), [load]);

  const current = editing ? records?.find((r) => r.name === editing) : undefined;
  const submit = async (body: object) => {
    await api(spec.view, editing ? recordPath(props.kind, editing) : spec.path, {
      method: editing ? 'PATCH' : 'POST',
      body,
    });
    setEditing(undefined);
    await load();
  };
  const remove = async (confirmed: boolean) => {
    const name = deleting;
    setDeleting(undefined);
    if (!confirmed || !name) return;
    try {
      await api(deletedSchema, recordPath(props.kind, name), { method: 'DELETE' });
      setError(undefined);
      if (editing === name) setEditing(undefined);
    } catch (caught) {
      setError(caught);
    }
    await load();
  };
  const membersPath = (name: string, username: string) =>
    `${recordPath(props.kind, name)}/members/${encodeURIComponent(username)}`;
  const titleId = `${props.kind}s-title`;

  return (
    <section aria-labelledby={titleId} className="account-section">
      <div className="page-head">
        <h2 id={titleId}>{spec.plural}</h2>
        <button type="button" className="primary" onClick={() => setEditing('')}>
          New {props.kind}
        </button>
      </div>
      {editing !== undefined && (
        <AccountForm
          key={editing}
          idPrefix={props.kind}
          title={editing ? `Edit ${props.kind} ${editing}` : `New ${props.kind}`}
          fields={spec.fields}
          initial={formValues(spec.fields, current)}
          creating={!editing}
          schema={editing ? spec.update : spec.create}
          submitLabel={editing ? 'Save' : `Create ${props.kind}`}
          onSubmit={submit}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {current && spec.members && (
        <MembersEditor
          of={current.name}
          members={spec.members(current)}
          withPrimary={props.kind === 'group'}
          onAdd={async (username, primary) => {
            await api(spec.view, membersPath(current.name, username), {
              method: 'PUT',
              body: props.kind === 'group' && primary ? { primary: true } : {},
            });
            await load();
          }}
          onRemove={async (username) => {
            await api(spec.view, membersPath(current.name, username), { method: 'DELETE' });
            await load();
          }}
        />
      )}
      <ErrorNote error={error} />
      {records === undefined && !error && <Loading />}
      {records?.length === 0 && <Empty>No {spec.plural.toLowerCase()} yet.</Empty>}
      {records && records.length > 0 && (
        <TableWrap label={spec.plural}>
          <table>
            <thead>
              <tr>
                {spec.head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {records.map((record) => {
                const [first, ...rest] = spec.cells(record);
                return (
                  <tr key={record.name} data-account={`${props.kind}/${record.name}`}>
                    <th scope="row">
                      {first}
                      {record.description && <div className="sub">{record.description}</div>}
                    </th>
                    {rest.map((cell, i) => (
                      <td key={i}>{cell}</td>
                    ))}
                    <td className="actions-cell">
                      <button
                        type="button"
                        className="small"
                        aria-label={`Edit ${props.kind} ${record.name}`}
                        onClick={() => setEditing(record.name)}
                      >
                        Edit
                      </button>
                      {record.name === spec.builtIn ? (
                        <span className="sub">built in</span>
                      ) : (
                        <button
                          type="button"
                          className="small danger"
                          aria-label={`Delete ${props.kind} ${record.name}`}
                          onClick={() => setDeleting(record.name)}
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${props.kind} ${deleting ?? ''}?`}
        confirmLabel="Delete"
        onClose={(confirmed) => void remove(confirmed)}
      >
        <p>
          Its quota goes too. The server refuses while unfinished jobs still refer to it
          {props.kind === 'group' ? ' or a queue admits it' : ''}.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** Groups, projects and queues: create, edit, members, delete (admins). */
export function AccountsPage() {
  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">Groups, projects and queues</h1>
      <p className="note">Quotas of each are edited on the Quotas page.</p>
      <AccountSection kind="group" />
      <AccountSection kind="project" />
      <AccountSection kind="queue" />
    </section>
  );
}
