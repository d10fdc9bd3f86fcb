import { useCallback, useEffect, useRef, useState } from 'react';
import { type JobStateEvent } from '../../../core/events';
import { isFinal, jobSchema, type JobView } from '../../../core/job';
import { uiSettingsSchema, type UiSettings } from '../../../core/ui-settings';
import { api } from '../api/client';
import { currentSession } from '../api/session';
import { ConfirmDialog } from '../components/confirm';
import { ErrorNote, Loading } from '../components/feedback';
import { Link } from '../components/link';
import { formatDuration, formatMemory, formatTime, runtimeSeconds } from '../jobs/format';
import { killJobs } from '../jobs/kill';
import { LogTail } from '../jobs/log-tail';
import { ResourceCharts } from '../jobs/resource-charts';
import { StateBadge } from '../jobs/state-badge';
import { JobTerminal } from '../jobs/terminal';
import { Timeline } from '../jobs/timeline';
import { useJobEvents } from '../jobs/use-job-events';
import { useNow } from '../use-now';

function temporalLink(settings: UiSettings | undefined, job: JobView): string | undefined {
  if (!settings?.temporalUiUrl || !settings.temporalNamespace) return undefined;
  const base = settings.temporalUiUrl.replace(/\/$/, '');
  return `${base}/namespaces/${encodeURIComponent(settings.temporalNamespace)}/workflows/${encodeURIComponent(job.workflowId)}`;
}

function Facts(props: { job: JobView; now: number }) {
  const { job } = props;
  const runtime = runtimeSeconds(job, props.now);
  const rows: Array<[string, string]> = [
    ['Owner', `${job.owner} (group ${job.group})`],
    ['Queue · project', `${job.queue} · ${job.project}`],
    ['Image', job.image],
    [
      'Requested',
      `${job.cpus} cpu · ${formatMemory(job.memoryMiB)} · at most ${formatDuration(job.maxLifetimeSeconds)}`,
    ],
    ['Used', `${job.cpuSeconds.toFixed(1)} cpu-seconds · peak ${formatMemory(job.maxMemoryMiB)}`],
    ['Runtime', runtime === undefined ? 'not started' : formatDuration(runtime)],
    ['Exit code', job.exitCode === null ? '—' : String(job.exitCode)],
    ['Submitted', formatTime(job.submittedAt)],
    ['Started', formatTime(job.startedAt)],
    ['Finished', formatTime(job.finishedAt)],
    ['Node', job.node ?? '—'],
    ['Runs as', job.root ? 'root (mounts read-only)' : `uid ${job.uid}, gid ${job.gid}`],
    ...(job.queuePosition !== null
      ? [['Queue position', String(job.queuePosition)] as [string, string]]
      : []),
  ];
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One job: live state timeline, output, resource charts, requested vs used, the full spec. */
export function JobPage(props: { id: string }) {
  const id = Number(props.id);
  const [job, setJob] = useState<JobView>();
  const [events, setEvents] = useState<JobStateEvent[]>([]);
  const [settings, setSettings] = useState<UiSettings>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const now = useNow();
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const load = useCallback(async () => {
    try {
      setJob(await api(jobSchema, `/jobs/${id}`));
    } catch (caught) {
      setError(caught);
    }
  }, [id]);
  useEffect(() => {
    setEvents([]);
    void load();
    api(uiSettingsSchema, '/ui/settings').then(setSettings, setError);
  }, [load]);

  const notice = useJobEvents(
    (event) => {
      setEvents((current) =>
        current.some((e) => e.eventId === event.eventId) ? current : [...current, event],
      );
      clearTimeout(reloadTimer.current);
      reloadTimer.current = setTimeout(() => void load(), 300);
    },
    { jobIds: [id], replay: true },
  );
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  if (!job) return error ? <ErrorNote error={error} /> : <Loading />;
  const final = isFinal(job.state);
  const temporal = temporalLink(settings, job);
  const kill = async (confirmed: boolean) => {
    setConfirming(false);
    if (!confirmed) return;
    const problems = await killJobs([job.id]);
    if (problems.length) setError(new Error(problems.join('; ')));
    await load();
  };

  return (
    <article aria-labelledby="job-title" className="job">
      <div className="page-head">
        <h1 id="job-title">
          Job {job.id}: {job.name}
        </h1>
        <StateBadge state={job.state} />
        <span className={notice && !final ? 'live off' : 'live on'} role="status">
          {final ? 'finished' : (notice ?? 'live')}
        </span>
      </div>
      {job.reason && (
        <p className="reason-line" data-testid="job-reason">
          {job.reason}
        </p>
      )}
      <div className="toolbar">
        <Link to={`/submit?from=${job.id}`} className="button">
          Submit again
        </Link>
        {!final && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Kill
          </button>
        )}
        {temporal && (
          <a className="button" href={temporal} target="_blank" rel="noreferrer">
            Open in Temporal UI
          </a>
        )}
      </div>
      <ErrorNote error={error} />
      <div className="columns">
        <section aria-labelledby="facts-title" className="panel">
          <h2 id="facts-title">Details</h2>
          <Facts job={job} now={now} />
        </section>
        <section aria-labelledby="timeline-title" className="panel">
          <h2 id="timeline-title">Timeline</h2>
          <Timeline events={events} />
        </section>
      </div>
      {job.interactive &&
        job.state === 'running' &&
        currentSession()?.user.username === job.owner && <JobTerminal jobId={job.id} />}
      <LogTail jobId={job.id} live={!final} />
      <section aria-labelledby="resources-title" className="panel">
        <h2 id="resources-title">Resources</h2>
        <ResourceCharts jobId={job.id} />
      </section>
      <section aria-labelledby="spec-title" className="panel">
        <h2 id="spec-title">Script and mounts</h2>
        <pre className="code">{job.command}</pre>
        <ul className="mounts">
          {job.mounts.map((mount) => (
            <li key={mount.containerPath}>
              {mount.volume}: {mount.hostPath} → {mount.containerPath}
              {mount.readOnly ? ' (read-only)' : ''}
            </li>
          ))}
        </ul>
      </section>
      <ConfirmDialog
        open={confirming}
        title={`Kill job ${job.id}?`}
        confirmLabel="Kill"
        onClose={(c) => void kill(c)}
      >
        <p>The job stops now; its record and output stay.</p>
      </ConfirmDialog>
    </article>
  );
}
