import { useCallback, useEffect, useRef, useState } from 'react';
import { type JobStateEvent } from '../../../core/events';
import { isFinal, jobListSchema, jobStates, type JobView } from '../../../core/job';
import { queueListSchema } from '../../../core/queues';
import { type UserView } from '../../../core/user';
import { api, query } from '../api/client';
import { ConfirmDialog } from '../components/confirm';
import { Empty, ErrorNote, Loading } from '../components/feedback';
import { Link } from '../components/link';
import { formatDuration, formatMemory, runtimeSeconds } from '../jobs/format';
import { killJobs } from '../jobs/kill';
import { StateBadge } from '../jobs/state-badge';
import { useJobEvents } from '../jobs/use-job-events';
import { navigate } from '../router';
import { useNow } from '../use-now';
import { TableWrap } from '../components/table-wrap';

const pageSize = 25;

function withEvent(job: JobView, event: JobStateEvent): JobView {
  if (job.id !== event.jobId) return job;
  return {
    ...job,
    state: event.state,
    reason: event.reason,
    exitCode: event.exitCode ?? job.exitCode,
    startedAt: event.state === 'running' ? (job.startedAt ?? event.at) : job.startedAt,
    finishedAt: isFinal(event.state) ? (job.finishedAt ?? event.at) : job.finishedAt,
  };
}

function waitingFor(job: JobView): string {
  if (job.state === 'pending') {
    const position = job.queuePosition === null ? '' : `#${job.queuePosition} in queue. `;
    return position + (job.reason ?? 'waiting for the next ordering pass');
  }
  if (isFinal(job.state)) {
    return job.reason ?? (job.exitCode === null ? '' : `exit code ${job.exitCode}`);
  }
  return job.reason ?? '';
}

/**
 * The job list: live states from the event stream, filters (state, queue; project for its manager
 * and admins; owner for admins), paging, kill and bulk kill.
 */
export function JobsPage(props: { user: UserView; search: URLSearchParams }) {
  const state = props.search.get('state') ?? '';
  const project = props.search.get('project') ?? '';
  const owner = props.search.get('owner') ?? '';
  const queue = props.search.get('queue') ?? '';
  const beforeId = props.search.get('before') ?? undefined;
  const filters = {
    state: state || undefined,
    project: project || undefined,
    owner: owner || undefined,
    queue: queue || undefined,
  };
  const [jobs, setJobs] = useState<JobView[]>();
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [toKill, setToKill] = useState<number[]>([]);
  const [queues, setQueues] = useState<string[]>([]);
  const now = useNow();
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // Only the newest request may fill the list: an answer for the page or filters just left
  // (a reload an event asked for, a slow request) must not replace the one now shown.
  const requests = useRef(0);
  const load = useCallback(async () => {
    const request = ++requests.current;
    try {
      const list = await api(
        jobListSchema,
        `/jobs${query({ ...filters, beforeId, limit: pageSize })}`,
      );
      if (request !== requests.current) return;
      setJobs(list.jobs);
      setNext(list.nextBeforeId);
      setError(undefined);
    } catch (caught) {
      if (request === requests.current) setError(caught);
    }
    // `filters` is rebuilt from the search parameters on every render.
  }, [state, project, owner, queue, beforeId]);
  const latestLoad = useRef(load);
  latestLoad.current = load;
  useEffect(() => void load(), [load]);
  useEffect(() => {
    // The filter still works by URL if the queue list cannot be read; the select then offers none.
    api(queueListSchema, '/queues').then(
      (list) => setQueues(list.queues.map((q) => q.name)),
      () => setQueues([]),
    );
  }, []);

  const notice = useJobEvents((event) => {
    setJobs((current) => current?.map((job) => withEvent(job, event)));
    // New jobs, queue positions and leaving the filter need the list itself: reload, at most
    // twice a second however busy the stream.
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => void latestLoad.current(), 500);
  });
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  const setFilter = (key: 'state' | 'project' | 'owner' | 'queue', value: string) =>
    navigate(`/${query({ ...filters, [key]: value || undefined })}`);
  const projects = props.user.projects;
  const toggle = (id: number) =>
    setSelected((current) => {
      const copy = new Set(current);
      if (copy.has(id)) copy.delete(id);
      else copy.add(id);
      return copy;
    });
  const killable = (jobs ?? []).filter((job) => !isFinal(job.state));
  const chosen = killable.filter((job) => selected.has(job.id)).map((job) => job.id);

  const confirmKill = async (confirmed: boolean) => {
    const ids = toKill;
    setToKill([]);
    if (!confirmed) return;
    const problems = await killJobs(ids);
    setSelected(new Set());
    setError(problems.length ? new Error(problems.join('; ')) : undefined);
    await load();
  };

  return (
    <section aria-labelledby="jobs-title">
      <div className="page-head">
        <h1 id="jobs-title">Jobs</h1>
        <span className={notice ? 'live off' : 'live on'} role="status">
          {notice ?? 'live'}
        </span>
        <Link to="/submit" className="button primary">
          Submit a job
        </Link>
      </div>
      <div className="toolbar">
        <label>
          State
          <select value={state} onChange={(event) => setFilter('state', event.target.value)}>
            <option value="">all</option>
            {jobStates.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Queue
          <select value={queue} onChange={(event) => setFilter('queue', event.target.value)}>
            <option value="">all</option>
            {[...new Set([...queues, ...(queue ? [queue] : [])])].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {(props.user.role === 'admin' || projects.length > 0) && (
          <label>
            Project
            <input
              list="job-projects"
              value={project}
              placeholder="yours only"
              size={12}
              onChange={(event) => setFilter('project', event.target.value.trim())}
            />
            <datalist id="job-projects">
              {projects.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </label>
        )}
        {props.user.role === 'admin' && (
          <label>
            Owner
            <input
              value={owner}
              placeholder="everyone"
              size={12}
              onChange={(event) => setFilter('owner', event.target.value.trim())}
            />
          </label>
        )}
        <button
          type="button"
          className="danger"
          disabled={chosen.length === 0}
          onClick={() => setToKill(chosen)}
        >
          Kill selected ({chosen.length})
        </button>
      </div>
      <ErrorNote error={error} />
      {jobs === undefined && !error && <Loading />}
      {jobs?.length === 0 && (
        <Empty>
          {state || queue || project || owner ? 'No jobs match these filters.' : 'No jobs yet.'}{' '}
          <Link to="/submit">Submit one</Link>.
        </Empty>
      )}
      {jobs && jobs.length > 0 && (
        <TableWrap label="Jobs">
          <table className="jobs">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Select</span>
                </th>
                <th scope="col">Job</th>
                <th scope="col">State</th>
                <th scope="col">Details</th>
                <th scope="col">Runtime</th>
                <th scope="col">Resources</th>
                {props.user.role === 'admin' && <th scope="col">Owner</th>}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => {
                const runtime = runtimeSeconds(job, now);
                return (
                  <tr key={job.id} data-job-id={job.id}>
                    <td>
                      {!isFinal(job.state) && (
                        <input
                          type="checkbox"
                          aria-label={`Select job ${job.id}`}
                          checked={selected.has(job.id)}
                          onChange={() => toggle(job.id)}
                        />
                      )}
                    </td>
                    <td>
                      <Link to={`/jobs/${job.id}`}>
                        #{job.id} {job.name}
                      </Link>
                      <div className="sub">
                        {job.queue} · {job.project}
                      </div>
                    </td>
                    <td>
                      <StateBadge state={job.state} />
                    </td>
                    <td className="details">{waitingFor(job)}</td>
                    <td>{runtime === undefined ? '—' : formatDuration(runtime)}</td>
                    <td>
                      {job.cpus} cpu · {formatMemory(job.memoryMiB)}
                    </td>
                    {props.user.role === 'admin' && <td>{job.owner}</td>}
                    <td>
                      {!isFinal(job.state) && (
                        <button
                          type="button"
                          className="danger small"
                          aria-label={`Kill job ${job.id}`}
                          onClick={() => setToKill([job.id])}
                        >
                          Kill
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
      <nav className="pager" aria-label="Pages">
        {beforeId && <Link to={`/${query(filters)}`}>Newest</Link>}
        {next !== null && <Link to={`/${query({ ...filters, before: next })}`}>Older jobs</Link>}
      </nav>
      <ConfirmDialog
        open={toKill.length > 0}
        title={toKill.length === 1 ? `Kill job ${toKill[0]}?` : `Kill ${toKill.length} jobs?`}
        confirmLabel="Kill"
        onClose={(confirmed) => void confirmKill(confirmed)}
      >
        <p>The {toKill.length === 1 ? 'job stops' : 'jobs stop'} now; the record and logs stay.</p>
      </ConfirmDialog>
    </section>
  );
}
