import { useEffect, useRef, useState } from 'react';
import { eventNames, jobStateEventSchema, type JobStateEvent } from '../../../core/events';
import { query } from '../api/client';
import { followEvents } from '../api/event-stream';

/**
 * Follows GET /api/v1/events (docs/events.md) while the component is shown and hands each job
 * state change to `onEvent`. `jobIds` narrows the stream; `replay` starts from the first stored
 * event (a job page's whole timeline). Returns a connection notice, or undefined when live.
 */
export function useJobEvents(
  onEvent: (event: JobStateEvent) => void,
  options: { jobIds?: number[]; replay?: boolean } = {},
): string | undefined {
  const [notice, setNotice] = useState<string | undefined>('connecting…');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const jobs = options.jobIds?.join(',');
  useEffect(() => {
    const abort = new AbortController();
    const path = (lastId: string | undefined) =>
      `/events${query({ job: jobs, since: lastId ?? (options.replay ? 0 : undefined) })}`;
    followEvents({
      path,
      signal: abort.signal,
      finalEvents: [eventNames.end],
      onTrouble: setNotice,
      onEvent(event) {
        if (event.event === eventNames.job) {
          handler.current(jobStateEventSchema.parse(JSON.parse(event.data)));
        } else if (event.event === eventNames.end) {
          setNotice('live updates stopped: the server ended the stream');
        }
      },
    }).catch((error: unknown) => {
      if (!abort.signal.aborted) setNotice(`live updates stopped: ${String(error)}`);
    });
    return () => abort.abort();
  }, [jobs, options.replay]);
  return notice;
}
