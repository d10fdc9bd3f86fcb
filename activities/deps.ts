import type { Logger } from '../adapters/log';
import type { Clock } from '../core/clock';
import type { Executor } from '../core/executor';
import type { ImageSource } from '../core/image-source';
import type { OrderingPolicy, SchedulingAccounts } from '../core/ordering';
import type { SchedulingSettings } from '../core/scheduling/settings';
import type { FinalRecord } from '../core/outcome';
import type { AccountingStore } from '../adapters/mysql/accounting';
import type { JobImageStore } from '../adapters/mysql/job-images';
import type { JobLogStore } from '../adapters/mysql/job-logs';
import type { JobSampleStore } from '../adapters/mysql/job-samples';
import type { JobSessionStore } from '../adapters/mysql/job-sessions';
import type { JobStore } from '../adapters/mysql/jobs';
import type { NodeStore } from '../adapters/mysql/nodes';
import type { OrderingStore } from '../adapters/mysql/ordering';
import type { OrderingPassStore } from '../adapters/mysql/ordering-passes';

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

/** What the activities count and time for monitoring (Prometheus in the worker process). */
export interface JobMetrics {
  /** An ordering pass admitted `count` jobs. */
  admitted(count: number): void;
  /** An ordering pass took this long, end to end. */
  orderingPass(seconds: number): void;
  /** A job started running this long after it was submitted. */
  started(latencySeconds: number): void;
  /** A job reached its final state (counted once per job). */
  finished(state: FinalRecord['state']): void;
}

/** Everything the activities need, injected by the worker's composition root. */
export interface ActivityDeps {
  jobs: JobStore;
  logs: JobLogStore;
  /** Resource series of running jobs. */
  samples: JobSampleStore;
  /** Attachments to interactive jobs and their last use (the idle watcher reads them). */
  sessions: JobSessionStore;
  nodes: NodeStore;
  ordering: OrderingStore;
  /** Timings of completed ordering passes (the cluster view reads them). */
  orderingPasses: OrderingPassStore;
  executor: Executor;
  /** Pulls job images onto the node (admission holds a job until its image is there). */
  images: ImageSource;
  /** The digest each job is pinned to, and the hold of jobs waiting for their image. */
  jobImages: JobImageStore;
  workflows: WorkflowGateway;
  policy: OrderingPolicy;
  /** Accounts (shares, limits, usage) as of a time; read anew by every pass. */
  accounts: (now: Date) => Promise<SchedulingAccounts>;
  accounting: AccountingStore;
  clock: Clock;
  log: Logger;
  /** Counters and histograms; absent where nothing is scraped. */
  metrics?: JobMetrics;
  settings: {
    instance: string;
    logCapBytes: number;
    heartbeatIntervalMs: number;
    usageSampleMs: number;
    /** An interactive job with no attachment for this long is killed (`jobs.interactiveIdleSeconds`). */
    interactiveIdleSeconds: number;
    scheduling: SchedulingSettings;
  };
}
