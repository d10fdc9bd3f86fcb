import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { download } from '../api/client';
import { followText } from '../api/event-stream';
import { ErrorNote } from '../components/feedback';

// The page keeps the newest part of a log; the whole of it is one download away.
const keptChars = 200_000;

/** A job's output, streamed with follow=1 while the job runs; "follow" keeps the view at the end. */
export function LogTail(props: { jobId: number; live: boolean }) {
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(true);
  const [error, setError] = useState<unknown>();
  const view = useRef<HTMLPreElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    setText('');
    followText(
      `/jobs/${props.jobId}/logs?follow=1`,
      (chunk) => setText((current) => (current + chunk).slice(-keptChars)),
      abort.signal,
    ).catch((caught: unknown) => {
      if (!abort.signal.aborted) setError(caught);
    });
    return () => abort.abort();
  }, [props.jobId]);

  useLayoutEffect(() => {
    const element = view.current;
    if (follow && element) element.scrollTop = element.scrollHeight;
  }, [text, follow]);

  return (
    <section aria-labelledby="logs-title" className="panel">
      <div className="panel-head">
        <h2 id="logs-title">Output</h2>
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <button
          type="button"
          onClick={() =>
            void download(`/jobs/${props.jobId}/logs`, `job-${props.jobId}.log`).catch(setError)
          }
        >
          Download
        </button>
      </div>
      <ErrorNote error={error} />
      <pre ref={view} className="log" tabIndex={0} aria-label="Job output" aria-live="off">
        {text || (props.live ? 'Waiting for output…' : '(no output)')}
      </pre>
    </section>
  );
}
