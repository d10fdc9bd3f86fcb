import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  createUserRequestSchema,
  roles,
  userListSchema,
  userSchema,
  type Role,
  type UserView,
} from '../../../core/user';
import { api, ApiError } from '../api/client';
import { ErrorNote, Loading } from '../components/feedback';
import { TableWrap } from '../components/table-wrap';

const newUserFields = [
  ['username', 'Username', 'text', 'Lowercase letters, digits, _ . -'],
  ['password', 'Initial password', 'password', 'At least 8 characters; they change it later'],
  ['uid', 'uid', 'number', 'Their POSIX uid: jobs run as it (not 0)'],
  ['gid', 'gid', 'number', 'Their primary POSIX gid (not 0)'],
  ['groups', 'Supplementary gids', 'text', 'Comma-separated, optional'],
  ['home', 'Home directory', 'text', 'Optional; defaults to the site home root + username'],
] as const;
type NewUserField = (typeof newUserFields)[number][0];

/** Creates a local user; the API's messages are shown next to the field they name. */
function NewUserForm(props: { onCreated: (username: string) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<NewUserField, string>>({
    username: '',
    password: '',
    uid: '',
    gid: '',
    groups: '',
    home: '',
  });
  const [role, setRole] = useState<Role>('user');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const number = (text: string) => (text.trim() === '' ? undefined : Number(text));
    const body = {
      username: values.username.trim(),
      password: values.password,
      uid: number(values.uid),
      gid: number(values.gid),
      ...(values.groups.trim()
        ? {
            groups: values.groups
              .split(/[\s,]+/)
              .filter(Boolean)
              .map(Number),
          }
        : {}),
      ...(values.home.trim() ? { home: values.home.trim() } : {}),
      role,
    };
    const missing = (['username', 'password', 'uid', 'gid'] as const).filter(
      (key) => values[key].trim() === '',
    );
    const checked = createUserRequestSchema.safeParse(body);
    if (missing.length > 0 || !checked.success) {
      setErrors({
        ...Object.fromEntries(
          checked.error?.issues.map((i) => [String(i.path[0]), i.message]) ?? [],
        ),
        ...Object.fromEntries(missing.map((key) => [key, 'required'])),
      });
      return;
    }
    try {
      await api(userSchema, '/users', { method: 'POST', body: checked.data });
      props.onCreated(checked.data.username);
    } catch (caught) {
      const fields = caught instanceof ApiError ? caught.fieldErrors() : {};
      setErrors(fields);
      setError(Object.keys(fields).length === 0 ? caught : undefined);
    }
  };
  return (
    <form
      className="panel new-user"
      onSubmit={(e) => void create(e)}
      aria-labelledby="new-user-title"
      noValidate
    >
      <h2 id="new-user-title">New local user</h2>
      <div className="grid">
        {newUserFields.map(([key, label, type, hint]) => (
          <div key={key} className={errors[key] ? 'field invalid' : 'field'}>
            <label htmlFor={`new-user-${key}`}>{label}</label>
            <input
              id={`new-user-${key}`}
              type={type}
              autoComplete={type === 'password' ? 'new-password' : 'off'}
              value={values[key]}
              aria-invalid={errors[key] ? true : undefined}
              aria-describedby={`new-user-${key}-hint`}
              onChange={(e) => {
                setValues({ ...values, [key]: e.target.value });
                setErrors(({ [key]: _fixed, ...others }) => others);
              }}
            />
            <p className="hint" id={`new-user-${key}-hint`}>
              {hint}
            </p>
            {errors[key] && (
              <p className="field-error" role="alert">
                {errors[key]}
              </p>
            )}
          </div>
        ))}
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNote error={error} />
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Create user
        </button>
      </div>
    </form>
  );
}

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

/** Users: create local ones; role, fair-share weight, priority and root grant (admins). */
export function UsersPage() {
  const [users, setUsers] = useState<UserView[]>();
  const [error, setError] = useState<unknown>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string>();
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
      <div className="page-head">
        <h1 id="users-title">Users</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New user
        </button>
      </div>
      <p className="note">
        Directory (LDAP) users appear here after their first login; local users are created here.
      </p>
      {creating && (
        <NewUserForm
          onCancel={() => setCreating(false)}
          onCreated={(username) => {
            setCreating(false);
            setCreated(username);
            void load();
          }}
        />
      )}
      {created && (
        <p className="note" role="status">
          User {created} created.
        </p>
      )}
      <ErrorNote error={error} />
      {!users && !error && <Loading />}
      {users && (
        <TableWrap label="Users">
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
        </TableWrap>
      )}
    </section>
  );
}
