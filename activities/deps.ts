import type { Logger } from '../adapters/log';
import type { Clock } from '../core/clock';
import type { Executor } from '../core/executor';
import type { OrderingPolicy, SchedulingAccounts } from '../core/ordering';
import type { SchedulingSettings } from '../core/scheduling/settings';
import type { AccountingStore } from '../adapters/mysql/accounting';
import type { JobLogStore } from '../adapters/mysql/job-logs';
import type { JobStore } from '../adapters/mysql/jobs';
import type { NodeStore } from '../adapters/mysql/nodes';
import type { OrderingStore } from '../adapters/mysql/ordering';

/** What the activities ask of Temporal: starting and signalling workflows. */
export interface WorkflowGateway {
  /** Starts a job's workflow unless it already exists (or existed). */
  startJob(jobId: number, owner: string): Promise<void>;
  /** Tells a pending job's workflow that it may start. */
  admit(jobId: number): Promise<void>;
  /** Asks a job's workflow to kill the job. */
  kill(jobId: number, reason: string): Promise<void>;
  /** Asks for an ordering pass soon, without waiting (best effort; throttled). */
  nudgeOrdering(): void;
}

/** Everything the activities need, injected by the worker's composition root. */
export interface ActivityDeps {
  jobs: JobStore;
  logs: JobLogStore;
  nodes: NodeStore;
  ordering: OrderingStore;
  executor: Executor;
  workflows: WorkflowGateway;
  policy: OrderingPolicy;
  /** Accounts (shares, limits, usage) as of a time; read anew by every pass. */
  accounts: (now: Date) => Promise<SchedulingAccounts>;
  accounting: AccountingStore;
  clock: Clock;
  log: Logger;
  settings: {
    instance: string;
    logCapBytes: number;
    heartbeatIntervalMs: number;
    usageSampleMs: number;
    scheduling: SchedulingSettings;
  };
}
