import { useEffect, useState } from 'react';
import { groupListSchema, type GroupView } from '../../../core/groups';
import { projectListSchema, type ProjectView } from '../../../core/projects';
import { queueListSchema, type QueueView } from '../../../core/queues';
import { api } from '../api/client';
import { Empty, ErrorNote, Loading } from '../components/feedback';
import { formatDuration } from '../jobs/format';

interface Accounts {
  groups: GroupView[];
  projects: ProjectView[];
  queues: QueueView[];
}

function Table(props: { caption: string; head: string[]; rows: string[][] }) {
  if (props.rows.length === 0) return <Empty>No {props.caption.toLowerCase()} yet.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([first, ...rest]) => (
            <tr key={first}>
              <th scope="row">{first}</th>
              {rest.map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Groups, projects and queues with their members and weights (admins; changes via the CLI). */
export function AccountsPage() {
  const [accounts, setAccounts] = useState<Accounts>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    Promise.all([
      api(groupListSchema, '/groups'),
      api(projectListSchema, '/projects'),
      api(queueListSchema, '/queues'),
    ]).then(
      ([g, p, q]) => setAccounts({ groups: g.groups, projects: p.projects, queues: q.queues }),
      setError,
    );
  }, []);
  if (!accounts) return error ? <ErrorNote error={error} /> : <Loading />;
  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">Groups, projects and queues</h1>
      <p className="note">
        Change them with <code>godocker group|project|queue</code>; quotas are edited on the Quotas
        page.
      </p>
      <Table
        caption="Groups"
        head={['Group', 'gid', 'Shares', 'Priority', 'Members']}
        rows={accounts.groups.map((g) => [
          g.name,
          g.gid === null ? '—' : String(g.gid),
          String(g.shares),
          String(g.priority),
          g.members.map((m) => (m.primary ? `${m.username}*` : m.username)).join(', '),
        ])}
      />
      <Table
        caption="Projects"
        head={['Project', 'Manager', 'Shares', 'Priority', 'Members']}
        rows={accounts.projects.map((p) => [
          p.name,
          p.manager ?? '—',
          String(p.shares),
          String(p.priority),
          p.members.join(', '),
        ])}
      />
      <Table
        caption="Queues"
        head={['Queue', 'Priority', 'Max walltime', 'Allowed groups']}
        rows={accounts.queues.map((q) => [
          q.name,
          String(q.priority),
          q.maxWalltimeSeconds === null ? '—' : formatDuration(q.maxWalltimeSeconds),
          q.allowedGroups.join(', ') || 'all',
        ])}
      />
    </section>
  );
}
