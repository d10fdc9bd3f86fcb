import { type UserView } from '../../../core/user';

// The bearer token lives in sessionStorage: it survives a reload, dies with the tab, and is never
// sent by the browser on its own (no cookie), so cross-site requests cannot use it (no CSRF).
const tokenKey = 'godocker.token';
const userKey = 'godocker.user';
const noticeKey = 'godocker.notice';

/** The logged-in user and their token. */
export interface Session {
  token: string;
  user: UserView;
}

/** The session of this tab, if any. */
export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(tokenKey);
  const user = sessionStorage.getItem(userKey);
  if (!token || !user) return undefined;
  return { token, user: JSON.parse(user) as UserView };
}

/** Keeps the session of a successful login. */
export function saveSession(session: Session): void {
  sessionStorage.setItem(tokenKey, session.token);
  sessionStorage.setItem(userKey, JSON.stringify(session.user));
}

/** Forgets the session; `notice` is shown on the login page (why the user is there). */
export function endSession(notice?: string): void {
  sessionStorage.removeItem(tokenKey);
  sessionStorage.removeItem(userKey);
  if (notice) sessionStorage.setItem(noticeKey, notice);
}

/** The notice left by `endSession`, read once. */
export function takeLoginNotice(): string | undefined {
  const notice = sessionStorage.getItem(noticeKey) ?? undefined;
  sessionStorage.removeItem(noticeKey);
  return notice;
}
