import { type ReactNode } from 'react';
import { type UserView } from '../../../core/user';
import { Empty } from '../components/feedback';
import { Link } from '../components/link';
import { AccountsPage } from './admin-accounts';
import { QuotasPage } from './admin-quotas';
import { UsersPage } from './admin-users';
import { CatalogPage } from './catalog';
import { ClusterPage } from './cluster';
import { JobPage } from './job';
import { JobsPage } from './jobs';
import { SubmitPage } from './submit';
import { UsagePage } from './usage';

function adminOnly(user: UserView, page: ReactNode): ReactNode {
  return user.role === 'admin' ? page : <Empty>This page is for admins.</Empty>;
}

/** The page for a path of the UI. */
export function pageFor(path: string, search: URLSearchParams, user: UserView): ReactNode {
  const job = /^\/jobs\/(\d+)$/.exec(path);
  if (job?.[1]) return <JobPage key={job[1]} id={job[1]} />;
  switch (path) {
    case '/':
    case '/login':
      return <JobsPage user={user} search={search} />;
    case '/submit':
      return <SubmitPage key={search.get('from') ?? ''} user={user} search={search} />;
    case '/usage':
      return <UsagePage user={user} />;
    case '/cluster':
      return <ClusterPage />;
    case '/catalog':
      return <CatalogPage />;
    case '/admin/quotas':
      return adminOnly(user, <QuotasPage />);
    case '/admin/users':
      return adminOnly(user, <UsersPage />);
    case '/admin/accounts':
      return adminOnly(user, <AccountsPage />);
    default:
      return (
        <Empty>
          No page at {path}. <Link to="/">Back to the jobs</Link>.
        </Empty>
      );
  }
}
