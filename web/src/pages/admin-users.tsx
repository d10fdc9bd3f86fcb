import { useCallback, useEffect, useState } from 'react';
import { roles, userListSchema, userSchema, type Role, type UserView } from '../../../core/user';
import { api, ApiError } from '../api/client';
import { ErrorNote, Loading } from '../components/feedback';

function UserRow(props: { user: UserView; onSaved: () => void }) {
  const { user } = props;
  const [role, setRole] = useState<Role>(user.role);
  const [shares, setShares] = useState(String(user.shares));
  const [priority, setPriority] = useState(String(user.priority));
  const [rootAllowed, setRootAllowed] = useState(user.rootAllowed);
  const [error, setError] = useState<string>();
  const changed =
    role !== user.role ||
    shares !== String(user.shares) ||
    priority !== String(user.priority) ||
    rootAllowed !== user.rootAllowed;
  const save = async () => {
    try {
      await api(userSchema, `/users/${encodeURIComponent(user.username)}`, {
        method: 'PATCH',
        body: { role, shares: Number(shares), priority: Number(priority), rootAllowed },
      });
      setError(undefined);
      props.onSaved();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  };
  const id = (field: string) => `user-${user.username}-${field}`;
  return (
    <tr>
      <th scope="row">
        {user.username}
        <div className="sub">
          uid {user.uid} · {user.primaryGroup} · {user.authSource}
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </th>
      <td>
        <label className="visually-hidden" htmlFor={id('role')}>
          Role of {user.username}
        </label>
        <select id={id('role')} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td>
        <label className="visually-hidden" htmlFor={id('shares')}>
          Shares of {user.username}
        </label>
        <input
          id={id('shares')}
          className="narrow"
          type="number"
          min="0"
          value={shares}
          onChange={(e) => setShares(e.target.value)}
        />
      </td>
      <td>
        <label className="visually-hidden" htmlFor={id('priority')}>
          Priority of {user.username}
        </label>
        <input
          id={id('priority')}
          className="narrow"
          type="number"
          min="-1000"
          max="1000"
          value={priority}
          onChange={(e) => setPriority(e.target.value)}
        />
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${user.username} may run as root`}
          checked={rootAllowed}
          onChange={(e) => setRootAllowed(e.target.checked)}
        />
      </td>
      <td>{user.projects.join(', ') || '—'}</td>
      <td>
        <button type="button" className="small" disabled={!changed} onClick={() => void save()}>
          Save
        </button>
      </td>
    </tr>
  );
}

/** Users: role, fair-share weight, priority and root grant (admins). */
export function UsersPage() {
  const [users, setUsers] = useState<UserView[]>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(async () => {
    try {
      setUsers((await api(userListSchema, '/users')).users);
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <p className="note">
        New users: <code>godocker user create</code> or POST /api/v1/users.
      </p>
      <ErrorNote error={error} />
      {!users && !error && <Loading />}
      {users && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Shares</th>
                <th scope="col">Priority</th>
                <th scope="col">Root</th>
                <th scope="col">Projects</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <UserRow
                  key={`${user.username}/${user.role}/${user.shares}/${user.priority}/${user.rootAllowed}`}
                  user={user}
                  onSaved={() => void load()}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
