import { isFinal, type JobState } from '../../../core/job';

/** A job's state as a coloured label (the word is always there: colour is never the only cue). */
export function StateBadge(props: { state: JobState; past?: boolean }) {
  // A pulse marks a state the job is in now; past states in a timeline do not pulse.
  const live = !props.past && !isFinal(props.state);
  return (
    <span className={`badge state-${props.state}`} data-state={props.state}>
      {live && <span className="pulse" aria-hidden="true" />}
      {props.state}
    </span>
  );
}
