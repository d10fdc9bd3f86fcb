import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/feedback';

export interface Member {
  username: string;
  /** Groups only: jobs of this user are charged to this group. */
  primary?: boolean;
}

/**
 * The members of a group or project: remove one, add one (for groups, optionally as the user's
 * primary group). Each change is sent at once; the parent reloads the list.
 */
export function MembersEditor(props: {
  of: string;
  members: readonly Member[];
  withPrimary: boolean;
  onAdd: (username: string, primary: boolean) => Promise<void>;
  onRemove: (username: string) => Promise<void>;
}) {
  const [username, setUsername] = useState('');
  const [primary, setPrimary] = useState(false);
  const [error, setError] = useState<unknown>();
  const attempt = async (change: () => Promise<void>) => {
    try {
      await change();
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  };
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const name = username.trim();
    if (!name) return setError(new Error('Type the username to add.'));
    await attempt(async () => {
      await props.onAdd(name, primary);
      setUsername('');
      setPrimary(false);
    });
  };
  const inputId = `members-${props.of}-add`;
  return (
    <div className="members" aria-label={`Members of ${props.of}`} role="group">
      <h3>Members</h3>
      {props.members.length === 0 ? (
        <p className="note empty">No members yet.</p>
      ) : (
        <ul className="chips">
          {props.members.map((member) => (
            <li key={member.username}>
              {member.username}
              {member.primary && <span className="sub"> (primary)</span>}
              <button
                type="button"
                className="small"
                aria-label={`Remove ${member.username} from ${props.of}`}
                onClick={() => void attempt(() => props.onRemove(member.username))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="member-add" onSubmit={(e) => void add(e)}>
        <label htmlFor={inputId}>Add member</label>
        <input
          id={inputId}
          value={username}
          placeholder="username"
          size={14}
          onChange={(e) => setUsername(e.target.value)}
        />
        {props.withPrimary && (
          <label>
            <input
              type="checkbox"
              checked={primary}
              onChange={(e) => setPrimary(e.target.checked)}
            />{' '}
            primary group
          </label>
        )}
        <button type="submit" className="small">
          Add
        </button>
      </form>
      <ErrorNote error={error} />
    </div>
  );
}
