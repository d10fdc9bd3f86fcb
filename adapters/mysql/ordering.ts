import type { RowDataPacket } from 'mysql2/promise';
import type { JobStanding, PendingJob, RunningJob } from '../../core/ordering';
import type { Pool } from './pool';

/** What the last pass showed for a pending job (to write back only what changed). */
export interface ShownStanding {
  reason: string | null;
  position: number | null;
  priority: number | null;
}

/** The jobs one ordering pass decides on, read together. */
export interface JobsSnapshot {
  pending: PendingJob[];
  running: RunningJob[];
  shown: Map<number, ShownStanding>;
}

const chargedColumns = 'id, owner, group_name, project, queue, cpus, memory_mib, max_lifetime_s';

function charged(r: RowDataPacket) {
  return {
    id: Number(r[0]),
    owner: String(r[1]),
    group: String(r[2]),
    project: String(r[3]),
    queue: String(r[4]),
    cpus: Number(r[5]),
    memoryMiB: Number(r[6]),
    walltimeSeconds: Number(r[7]),
  };
}

/** The reads and writes of one ordering pass. */
export class OrderingStore {
  constructor(private readonly pool: Pool) {}

  /** Pending jobs and the jobs holding resources (admitted, launching, running). */
  async jobs(): Promise<JobsSnapshot> {
    const [[pendingRows], [runningRows]] = await Promise.all([
      this.pool.query<RowDataPacket[]>({
        sql: `SELECT ${chargedColumns}, priority, submitted_at, reason, queue_position, priority_score
              FROM jobs WHERE state = 'pending' AND image_hold = 0`,
        rowsAsArray: true,
      }),
      this.pool.query<RowDataPacket[]>({
        sql: `SELECT ${chargedColumns}, COALESCE(admitted_at, submitted_at), cpu_seconds
              FROM jobs WHERE state IN ('admitted', 'launching', 'running')`,
        rowsAsArray: true,
      }),
    ]);
    const shown = new Map<number, ShownStanding>();
    const pending = pendingRows.map((r): PendingJob => {
      shown.set(Number(r[0]), {
        reason: r[10] as string | null,
        position: r[11] === null ? null : Number(r[11]),
        priority: r[12] === null ? null : Number(r[12]),
      });
      return { ...charged(r), priority: Number(r[8]), submittedAtMs: (r[9] as Date).getTime() };
    });
    const running = runningRows.map((r): RunningJob => ({
      ...charged(r),
      startedAtMs: (r[8] as Date).getTime(),
      usedCpuSeconds: Number(r[9]),
    }));
    return { pending, running, shown };
  }

  /**
   * Runs `pass` while holding the database-wide ordering lock, or returns undefined at once if
   * another pass holds it. One workflow runs the passes, but a pass that outlives its activity
   * timeout could overlap its retry; deciding on two snapshots at once could overshoot a quota.
   */
  async exclusively<T>(pass: () => Promise<T>): Promise<T | undefined> {
    const conn = await this.pool.getConnection();
    try {
      const [rows] = await conn.query<RowDataPacket[]>(
        "SELECT GET_LOCK('godocker_ordering', 0) AS got",
      );
      if (Number(rows[0]?.got) !== 1) return undefined;
      try {
        return await pass();
      } finally {
        await conn.query("SELECT RELEASE_LOCK('godocker_ordering')");
      }
    } finally {
      conn.release();
    }
  }

  /** Admitted jobs whose workflow has not moved on since `before` (the admit signal may be lost). */
  async admittedBefore(before: Date): Promise<number[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      "SELECT id FROM jobs WHERE state = 'admitted' AND admitted_at < ?",
      [before],
    );
    return rows.map((r) => Number(r.id));
  }

  /** Writes reasons, positions and priorities of still-pending jobs, a thousand rows a statement. */
  async setStandings(standings: readonly JobStanding[]): Promise<void> {
    for (let i = 0; i < standings.length; i += 1000) {
      const chunk = standings.slice(i, i + 1000);
      const ids = chunk.map((s) => s.id);
      const cases = (pick: (s: JobStanding) => unknown) => ({
        sql: `CASE id ${chunk.map(() => 'WHEN ? THEN ?').join(' ')} END`,
        args: chunk.flatMap((s) => [s.id, pick(s)]),
      });
      const reason = cases((s) => s.reason);
      const position = cases((s) => s.position);
      const priority = cases((s) => s.priority);
      await this.pool.query(
        `UPDATE jobs SET reason = ${reason.sql}, queue_position = ${position.sql}, priority_score = ${priority.sql}
         WHERE state = 'pending' AND id IN (?)`,
        [...reason.args, ...position.args, ...priority.args, ids],
      );
    }
  }
}
