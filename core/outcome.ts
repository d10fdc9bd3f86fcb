import type { JobOutcome, JobState } from './job';
import { describeExit } from './launch';

/** The final record of a job: its state, exit code and why it ended. */
export interface FinalRecord {
  state: Extract<JobState, 'succeeded' | 'failed' | 'killed'>;
  exitCode: number | null;
  reason: string;
}

/** Maps how a job ended to what its record says. */
export function finalRecord(outcome: JobOutcome, memoryMiB: number): FinalRecord {
  switch (outcome.kind) {
    case 'exited':
      return {
        state: outcome.exitCode === 0 && !outcome.oomKilled ? 'succeeded' : 'failed',
        exitCode: outcome.exitCode,
        reason: describeExit(outcome.exitCode, outcome.oomKilled, memoryMiB),
      };
    case 'killed':
      return { state: 'killed', exitCode: outcome.exitCode, reason: outcome.reason };
    case 'failed':
      return { state: 'failed', exitCode: null, reason: outcome.reason };
  }
}
