import { type JobStateEvent } from '../../../core/events';
import { formatTime } from './format';
import { StateBadge } from './state-badge';

/** A job's state changes, oldest first, as they arrive from the event stream. */
export function Timeline(props: { events: JobStateEvent[] }) {
  if (props.events.length === 0) return <p className="note">No state changes yet.</p>;
  return (
    <ol className="timeline" aria-label="State timeline">
      {props.events.map((event) => (
        <li key={event.eventId}>
          <time dateTime={event.at}>{formatTime(event.at)}</time>
          <StateBadge state={event.state} past />
          {event.reason && <span className="reason">{event.reason}</span>}
        </li>
      ))}
    </ol>
  );
}
