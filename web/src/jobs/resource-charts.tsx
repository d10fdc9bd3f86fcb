import { useEffect, useState } from 'react';
import { jobSampleSchema, type JobSample } from '../../../core/stats';
import { followEvents } from '../api/event-stream';
import { TimeChart } from '../components/chart';

/** Live cpu and memory of a job, from GET /jobs/:id/stats?follow=1 (docs/monitoring.md). */
export function ResourceCharts(props: { jobId: number }) {
  const [samples, setSamples] = useState<JobSample[]>([]);
  const [notice, setNotice] = useState<string>();
  useEffect(() => {
    const abort = new AbortController();
    setSamples([]);
    followEvents({
      path: (lastId) =>
        `/jobs/${props.jobId}/stats?follow=1${lastId ? `&since=${encodeURIComponent(lastId)}` : ''}`,
      signal: abort.signal,
      finalEvents: ['end'],
      onTrouble: setNotice,
      onEvent(event) {
        if (event.event !== 'sample') return;
        const sample = jobSampleSchema.parse(JSON.parse(event.data));
        setSamples((current) => [...current, sample]);
      },
    }).catch((error: unknown) => {
      if (!abort.signal.aborted) setNotice(String(error));
    });
    return () => abort.abort();
  }, [props.jobId]);

  if (samples.length === 0) {
    return (
      <p className="note">{notice ?? 'No resource samples yet (taken while the job runs).'}</p>
    );
  }
  const times = samples.map((s) => Date.parse(s.at) / 1000);
  return (
    <div className="charts">
      <TimeChart
        title="CPU"
        unit="%"
        times={times}
        series={[{ label: 'cpu', values: samples.map((s) => s.cpuPercent) }]}
      />
      <TimeChart
        title="Memory"
        unit="MiB"
        times={times}
        series={[
          { label: 'used', values: samples.map((s) => s.memoryBytes / 2 ** 20) },
          { label: 'limit', values: samples.map((s) => s.memoryLimitBytes / 2 ** 20) },
        ]}
      />
    </div>
  );
}
