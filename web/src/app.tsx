import { useEffect, useState } from 'react';
import { type UserView } from '../../core/user';
import { whenSessionExpires } from './api/client';
import { currentSession, endSession } from './api/session';
import { Link } from './components/link';
import { LoginPage } from './pages/login';
import { pageFor } from './pages/routes';
import { navigate, useLocation } from './router';

function Navigation(props: { user: UserView; path: string; onLogout: () => void }) {
  const admin = props.user.role === 'admin';
  const links: Array<[string, string]> = [
    ['/', 'Jobs'],
    ['/submit', 'Submit'],
    ['/catalog', 'Catalog'],
    ['/usage', 'Usage'],
    ['/cluster', 'Cluster'],
    ...(admin
      ? ([
          ['/admin/quotas', 'Quotas'],
          ['/admin/users', 'Users'],
          ['/admin/accounts', 'Groups & projects'],
        ] as Array<[string, string]>)
      : []),
  ];
  const current = (to: string) => (to === '/' ? props.path === '/' : props.path.startsWith(to));
  return (
    <header className="top">
      <Link to="/" className="brand">
        Go-Docker
      </Link>
      <nav aria-label="Main">
        <ul>
          {links.map(([to, label]) => (
            <li key={to} className={current(to) ? 'current' : undefined}>
              <Link to={to}>{label}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="who">
        <span>
          {props.user.username}
          {admin ? ' (admin)' : ''}
        </span>
        <button type="button" onClick={props.onLogout}>
          Log out
        </button>
      </div>
    </header>
  );
}

/** The whole UI: the login page without a session, else the navigation and the current page. */
export function App() {
  const [session, setSession] = useState(currentSession);
  const location = useLocation();
  useEffect(() => {
    whenSessionExpires(() => {
      setSession(undefined);
      navigate('/login', true);
    });
  }, []);
  if (!session) {
    return (
      <LoginPage
        onLogin={(next) => {
          setSession(next);
          const back = location.search.get('next');
          navigate(back?.startsWith('/') && !back.startsWith('//') ? back : '/', true);
        }}
      />
    );
  }
  const logout = () => {
    const token = session.token;
    endSession('You are logged out.');
    setSession(undefined);
    navigate('/login', true);
    // Revoke the token on the server too; the tab has already forgotten it.
    void fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => undefined);
  };
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Navigation user={session.user} path={location.path} onLogout={logout} />
      <main id="main" tabIndex={-1}>
        {pageFor(location.path, location.search, session.user)}
      </main>
    </>
  );
}
