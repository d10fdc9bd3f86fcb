import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { WorkflowGateway } from '../../activities/deps';
import { jobWorkflowId } from '../../core/job';
import type { jobWorkflow } from '../../workflows/job';
import type { orderingWorkflow } from '../../workflows/ordering';
import { ownerSearchAttribute } from '../../workflows/search-attributes';
import { admitJobSignal, killJobSignal, wakeOrderingSignal } from '../../workflows/signals';

/** Settings the gateway starts workflows with. */
export interface GatewaySettings {
  taskQueue: string;
  orderingIntervalMs: number;
  heartbeatTimeoutSeconds: number;
  /** Shortest time between two wake signals sent by this process. */
  minWakeGapMs: number;
  /** Where a failed best-effort wake is reported. */
  onWakeError: (error: unknown) => void;
  /** Max lifetime of a job by id; read from the job record when a workflow must be started. */
  maxLifetimeOf: (jobId: number) => Promise<number>;
}

/** The ordering workflow's fixed id: there is one per namespace. */
export const orderingWorkflowId = 'godocker-ordering';

/** Starts and signals Go-Docker's workflows through the Temporal client. */
export class TemporalGateway implements WorkflowGateway {
  private lastWakeAt = 0;
  private nudgeTimer: NodeJS.Timeout | undefined;
  private nudgeInFlight: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly client: Client,
    private readonly settings: GatewaySettings,
  ) {}

  async startJob(jobId: number, owner: string): Promise<void> {
    try {
      await this.client.workflow.start<typeof jobWorkflow>('jobWorkflow', {
        workflowId: jobWorkflowId(jobId),
        taskQueue: this.settings.taskQueue,
        args: [
          {
            jobId,
            maxLifetimeSeconds: await this.settings.maxLifetimeOf(jobId),
            heartbeatTimeoutSeconds: this.settings.heartbeatTimeoutSeconds,
          },
        ],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [{ key: ownerSearchAttribute, value: owner }],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  async admit(jobId: number): Promise<void> {
    await this.signalJob(jobId, () =>
      this.client.workflow.getHandle(jobWorkflowId(jobId)).signal(admitJobSignal),
    );
  }

  async kill(jobId: number, reason: string): Promise<void> {
    await this.client.workflow.getHandle(jobWorkflowId(jobId)).signal(killJobSignal, reason);
  }

  /** Starts the ordering workflow if needed and wakes it, waiting for the signal to be accepted. */
  async wakeOrdering(): Promise<void> {
    this.lastWakeAt = Date.now();
    await this.sendWake();
  }

  /**
   * Asks for a pass soon without waiting. Nudges are throttled to one per `minWakeGapMs` (a burst
   * of submissions or endings makes one pass, not hundreds), and a failed one is reported rather
   * than thrown: the periodic pass is what guarantees progress.
   */
  nudgeOrdering(): void {
    if (this.closed || this.nudgeTimer) return;
    const delay = Math.max(0, this.lastWakeAt + this.settings.minWakeGapMs - Date.now());
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = undefined;
      this.lastWakeAt = Date.now();
      const wake = this.sendWake()
        .catch(this.settings.onWakeError)
        .finally(() => {
          if (this.nudgeInFlight === wake) this.nudgeInFlight = undefined;
        });
      this.nudgeInFlight = wake;
    }, delay).unref();
  }

  /**
   * Drops a nudge not yet sent and waits for one being sent. Call it before closing the client's
   * connection: a nudge that fired on a closed connection would fail outside any caller.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.nudgeTimer);
    this.nudgeTimer = undefined;
    await this.nudgeInFlight;
  }

  /** Makes sure the ordering workflow runs (starting it if needed) and wakes it. */
  private async sendWake(): Promise<void> {
    await this.client.workflow.signalWithStart<typeof orderingWorkflow, []>('orderingWorkflow', {
      workflowId: orderingWorkflowId,
      taskQueue: this.settings.taskQueue,
      args: [{ intervalMs: this.settings.orderingIntervalMs }],
      signal: wakeOrderingSignal,
      signalArgs: [],
    });
  }

  private async signalJob(jobId: number, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      // A finished workflow no longer needs the signal; anything else is a real failure.
      if (error instanceof WorkflowNotFoundError) return;
      throw error;
    }
  }
}
