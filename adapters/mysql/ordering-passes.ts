import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';

/** What one finished ordering pass reports: the activity's summary and the policy that decided. */
export interface OrderingPassFigures {
  /** Wall time of the whole pass (repair, reads, decision, writes and signals). */
  totalMs: number;
  /** Time the policy took to decide on the snapshot. */
  decideMs: number;
  /** Jobs still pending after the pass. */
  pending: number;
  /** Jobs the pass admitted. */
  admitted: number;
  /** Name of the ordering policy, e.g. `fifo` or `fairshare`. */
  policy: string;
}

/** One recorded ordering pass. */
export interface OrderingPassRecord {
  id: number;
  finishedAt: Date;
  durationMs: number;
  decideMs: number;
  pending: number;
  admitted: number;
  policy: string;
}

/** How long recent passes took; the figures are null when no pass was recorded yet. */
export interface OrderingPassStats {
  /** Passes the figures cover: the most recent ones, at most the window asked for. */
  count: number;
  /** The most recent pass. */
  last: OrderingPassRecord | null;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

/** Rows kept; older ones are deleted every `trimEvery` inserts. */
const retainedPasses = 1000;
const trimEvery = 100;

/** The nearest-rank percentile of ascending values (`q` in 0..1). */
function percentile(ascending: readonly number[], q: number): number | null {
  if (ascending.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * ascending.length));
  return ascending[rank - 1] ?? null;
}

function toRecord(row: RowDataPacket): OrderingPassRecord {
  return {
    id: Number(row.id),
    finishedAt: row.finished_at as Date,
    durationMs: Number(row.duration_ms),
    decideMs: Number(row.decide_ms),
    pending: Number(row.pending),
    admitted: Number(row.admitted),
    policy: String(row.policy),
  };
}

/**
 * Timings of the ordering passes, for a cluster view: every completed pass is recorded and the
 * newest thousand are kept, whichever worker ran them.
 */
export class OrderingPassStore {
  // Counted here rather than read from the row id: ids step by auto_increment_increment, which
  // a replicated MariaDB sets above 1.
  private recorded = 0;

  constructor(private readonly pool: Pool) {}

  /** Records a completed pass that finished at `at`; now and then drops all but the newest rows. */
  async record(pass: OrderingPassFigures, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO ordering_passes (finished_at, duration_ms, decide_ms, pending, admitted, policy)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [at, pass.totalMs, pass.decideMs, pass.pending, pass.admitted, pass.policy],
    );
    if (this.recorded++ % trimEvery === 0) {
      await this.pool.query(
        `DELETE FROM ordering_passes WHERE id < (
           SELECT id FROM (SELECT id FROM ordering_passes ORDER BY id DESC LIMIT 1 OFFSET ?) AS kept
         )`,
        [retainedPasses - 1],
      );
    }
  }

  /** The most recent passes, newest first. */
  async recent(limit = 20): Promise<OrderingPassRecord[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT id, finished_at, duration_ms, decide_ms, pending, admitted, policy
       FROM ordering_passes ORDER BY id DESC LIMIT ?`,
      [Math.max(0, Math.floor(limit))],
    );
    return rows.map(toRecord);
  }

  /** Duration percentiles (nearest rank) and maximum over the last `window` passes. */
  async stats(window = 100): Promise<OrderingPassStats> {
    const passes = await this.recent(window);
    const durations = passes.map((p) => p.durationMs).sort((a, b) => a - b);
    return {
      count: passes.length,
      last: passes[0] ?? null,
      p50Ms: percentile(durations, 0.5),
      p95Ms: percentile(durations, 0.95),
      maxMs: durations[durations.length - 1] ?? null,
    };
  }
}
