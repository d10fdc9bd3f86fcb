import { useEffect, useState } from 'react';
import { accountKinds, type AccountKind } from '../../../core/accounts';
import { usageReportSchema, type UsageReport, type UsageRow } from '../../../core/usage';
import { type UserView } from '../../../core/user';
import { api, download, query } from '../api/client';
import { TimeChart, type ChartSeries } from '../components/chart';
import { Empty, ErrorNote, Loading } from '../components/feedback';

const granularities = ['day', 'week', 'month'] as const;
type Granularity = (typeof granularities)[number];
const measures = [
  ['cpuHours', 'CPU-hours'],
  ['memoryGiBHours', 'Memory GiB-hours'],
  ['wallHours', 'Wall hours'],
  ['jobs', 'Jobs'],
] as const;
type Measure = (typeof measures)[number][0];

/** One line per account over the report's periods (0 where an account finished nothing). */
function chartData(rows: UsageRow[], measure: Measure): { times: number[]; series: ChartSeries[] } {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const names = [...new Set(rows.map((r) => r.name))].sort();
  const value = new Map(rows.map((r) => [`${r.period}\u0000${r.name}`, r[measure]]));
  return {
    times: periods.map((p) => Date.parse(`${p}T00:00:00Z`) / 1000),
    series: names.map((name) => ({
      label: name,
      values: periods.map((p) => value.get(`${p}\u0000${name}`) ?? 0),
    })),
  };
}

/** What finished jobs used, per user, group, project or queue over time; CSV download. */
export function UsagePage(props: { user: UserView }) {
  const [by, setBy] = useState<AccountKind>('user');
  const [granularity, setGranularity] = useState<Granularity>('day');
  const [measure, setMeasure] = useState<Measure>('cpuHours');
  const [report, setReport] = useState<UsageReport>();
  const [error, setError] = useState<unknown>();
  const path = `/usage${query({ by, granularity })}`;
  useEffect(() => {
    setReport(undefined);
    api(usageReportSchema, path).then((answer) => {
      setReport(answer);
      setError(undefined);
    }, setError);
  }, [path]);
  const label = measures.find(([key]) => key === measure)?.[1] ?? measure;
  return (
    <section aria-labelledby="usage-title">
      <div className="page-head">
        <h1 id="usage-title">Usage</h1>
        <button
          type="button"
          onClick={() =>
            void download(`${path}&format=csv`, `usage-by-${by}-${granularity}.csv`).catch(setError)
          }
        >
          Download CSV
        </button>
      </div>
      {props.user.role !== 'admin' && (
        <p className="note">Your own finished jobs (admins see everyone's).</p>
      )}
      <div className="toolbar">
        <label>
          By
          <select value={by} onChange={(e) => setBy(e.target.value as AccountKind)}>
            {accountKinds.map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </label>
        <label>
          Per
          <select
            value={granularity}
            onChange={(e) => setGranularity(e.target.value as Granularity)}
          >
            {granularities.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </label>
        <label>
          Show
          <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
            {measures.map(([key, text]) => (
              <option key={key} value={key}>
                {text}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={error} />
      {!report && !error && <Loading />}
      {report?.rows.length === 0 && <Empty>No job finished in the last 30 days.</Empty>}
      {report && report.rows.length > 0 && (
        <>
          <TimeChart
            title={`${label} per ${granularity}, by ${by}`}
            unit={label}
            {...chartData(report.rows, measure)}
            height={260}
          />
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">{by}</th>
                  <th scope="col">Jobs</th>
                  <th scope="col">Succeeded</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Killed</th>
                  <th scope="col">CPU-h</th>
                  <th scope="col">Mem GiB-h</th>
                  <th scope="col">Wall h</th>
                  <th scope="col">Mean wait</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr key={`${row.period}/${row.name}`}>
                    <td>{row.period}</td>
                    <th scope="row">{row.name}</th>
                    <td>{row.jobs}</td>
                    <td>{row.succeeded}</td>
                    <td>{row.failed}</td>
                    <td>{row.killed}</td>
                    <td>{row.cpuHours.toFixed(3)}</td>
                    <td>{row.memoryGiBHours.toFixed(3)}</td>
                    <td>{row.wallHours.toFixed(3)}</td>
                    <td>
                      {row.meanWaitSeconds === null ? '—' : `${row.meanWaitSeconds.toFixed(1)} s`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
