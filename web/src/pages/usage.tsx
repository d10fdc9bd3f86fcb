import { useEffect, useState } from 'react';
import { accountKinds, type AccountKind } from '../../../core/accounts';
import {
  maxUsageDays,
  usageBuckets,
  usageReportSchema,
  type UsageReport,
} from '../../../core/usage';
import { type UserView } from '../../../core/user';
import { api, download, query } from '../api/client';
import { formatFigure, TimeChart, type ChartSeries } from '../components/chart';
import { Empty, ErrorNote, Loading } from '../components/feedback';
import { TableWrap } from '../components/table-wrap';

const granularities = ['day', 'week', 'month'] as const;
type Granularity = (typeof granularities)[number];
const measures = [
  ['cpuHours', 'CPU-hours'],
  ['memoryGiBHours', 'Memory GiB-hours'],
  ['wallHours', 'Wall hours'],
  ['jobs', 'Jobs'],
] as const;
type Measure = (typeof measures)[number][0];

const dayMs = 86_400_000;
/** A UTC calendar date as the date inputs and the API read it (YYYY-MM-DD). */
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = () => isoDate(Date.now());
const presets = [
  [7, 'Last 7 days'],
  [30, 'Last 30 days'],
  [90, 'Last 90 days'],
  [365, 'Last year'],
] as const;

/** One line per account over every period of the report (0 where it finished nothing). */
function chartData(report: UsageReport, measure: Measure) {
  const periods = usageBuckets(new Date(report.from), new Date(report.to), report.granularity);
  const names = [...new Set(report.rows.map((r) => r.name))].sort();
  const value = new Map(report.rows.map((r) => [`${r.period}\u0000${r.name}`, r[measure]]));
  return {
    times: periods.map((p) => Date.parse(p.length === 10 ? `${p}T00:00:00Z` : p) / 1000),
    series: names.map((name): ChartSeries => ({
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
  // Both ends are whole UTC days and inclusive here; the API's `to` is exclusive.
  const [from, setFrom] = useState(() => isoDate(Date.now() - 29 * dayMs));
  const [to, setTo] = useState(today);
  const [report, setReport] = useState<UsageReport>();
  const [error, setError] = useState<unknown>();
  const rangeProblem =
    from === '' || to === ''
      ? 'Choose a start and an end date.'
      : from > to
        ? 'Choose a start date on or before the end date.'
        : (Date.parse(to) - Date.parse(from)) / dayMs + 1 > maxUsageDays
          ? `A report covers at most ${maxUsageDays} days (3 years): move the dates closer.`
          : undefined;
  const validRange = rangeProblem === undefined;
  const path = `/usage${query({
    by,
    granularity,
    from,
    to: to ? isoDate(Date.parse(`${to}T00:00:00Z`) + dayMs) : undefined,
  })}`;
  useEffect(() => {
    setReport(undefined);
    if (!validRange) return;
    api(usageReportSchema, path).then((answer) => {
      setReport(answer);
      setError(undefined);
    }, setError);
  }, [path, validRange]);
  const choosePreset = (days: number) => {
    setFrom(isoDate(Date.now() - (days - 1) * dayMs));
    setTo(today());
  };
  const label = measures.find(([key]) => key === measure)?.[1] ?? measure;
  return (
    <section aria-labelledby="usage-title">
      <div className="page-head">
        <h1 id="usage-title">Usage</h1>
        <button
          type="button"
          onClick={() =>
            void download(
              `${path}&format=csv`,
              `usage-by-${by}-${granularity}-${from}-to-${to}.csv`,
            ).catch(setError)
          }
          disabled={!validRange}
        >
          Download CSV
        </button>
      </div>
      {props.user.role !== 'admin' && (
        <p className="note">Your own finished jobs (admins see everyone's).</p>
      )}
      <div className="toolbar">
        <label>
          From
          <input
            type="date"
            value={from}
            max={to || undefined}
            required
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={to}
            min={from || undefined}
            required
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
        <div className="presets" role="group" aria-label="Periods">
          {presets.map(([days, text]) => (
            <button
              key={days}
              type="button"
              className="small"
              onClick={() => choosePreset(days)}
              aria-pressed={from === isoDate(Date.now() - (days - 1) * dayMs) && to === today()}
            >
              {text}
            </button>
          ))}
        </div>
      </div>
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
      {rangeProblem && (
        <p className="note error" role="alert">
          {rangeProblem}
        </p>
      )}
      <ErrorNote error={error} />
      {validRange && !report && !error && <Loading />}
      {report?.rows.length === 0 && (
        <Empty>
          No job finished between {from} and {to} (UTC).
        </Empty>
      )}
      {report && report.rows.length > 0 && (
        <>
          <TimeChart
            title={`${label} per ${granularity}, by ${by}`}
            unit={label}
            {...chartData(report, measure)}
            height={260}
          />
          <TableWrap label="Usage table">
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
                    <td>{formatFigure(row.cpuHours)}</td>
                    <td>{formatFigure(row.memoryGiBHours)}</td>
                    <td>{formatFigure(row.wallHours)}</td>
                    <td>
                      {row.meanWaitSeconds === null ? '—' : `${row.meanWaitSeconds.toFixed(1)} s`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
