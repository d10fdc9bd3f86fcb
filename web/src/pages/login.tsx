import { useState, type FormEvent } from 'react';
import { loginResponseSchema } from '../../../core/user';
import { api } from '../api/client';
import { saveSession, takeLoginNotice, type Session } from '../api/session';
import { ErrorNote } from '../components/feedback';

/** Username and password, exchanged for a bearer token (POST /api/v1/auth/login). */
export function LoginPage(props: { onLogin: (session: Session) => void }) {
  const [notice] = useState(takeLoginNotice);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api(loginResponseSchema, '/auth/login', {
        method: 'POST',
        body: { username: form.get('username'), password: form.get('password') },
      });
      const session = { token: answer.token, user: answer.user };
      saveSession(session);
      props.onLogin(session);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <main id="main" className="login">
      <form onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <h1 id="login-title">Go-Docker</h1>
        <p className="subtitle">Log in to submit and follow your jobs.</p>
        {notice && (
          <p className="note" role="status">
            {notice}
          </p>
        )}
        <label>
          Username
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <ErrorNote error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
