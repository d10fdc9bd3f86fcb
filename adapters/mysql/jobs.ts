import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { jobWorkflowId, type JobState, type JobView } from '../../core/job';
import type { JobMount } from '../../core/volumes';
import { pendingQuotaExceeded } from '../../core/quotas';
import type { Pool } from './pool';
import { pendingLimitReached } from './pending-limits';
import { inTransaction } from './transaction';

/** A stored job with the identity it runs as (copied from its owner at submit). */
export interface JobRecord extends Omit<JobView, 'mounts'> {
  mounts: JobMount[];
  ownerId: number;
  groups: number[];
  home: string;
  priority: number;
}

/** Fields of a new job; identity and limits are resolved before insert. */
export type NewJob = Omit<
  JobRecord,
  | 'id'
  | 'state'
  | 'reason'
  | 'exitCode'
  | 'node'
  | 'startedAt'
  | 'finishedAt'
  | 'workflowId'
  | 'history'
  | 'cpuSeconds'
  | 'maxMemoryMiB'
  | 'queuePosition'
  | 'priorityScore'
  | 'priorityFactors'
  | 'imageDigest'
>;

interface JobRow extends RowDataPacket {
  id: number;
  owner_id: number;
  owner: string;
  group_name: string;
  project: string;
  queue: string;
  name: string;
  image: string;
  image_digest: string | null;
  command: string;
  cpus: number;
  memory_mib: number;
  max_lifetime_s: number;
  uid: number;
  gid: number;
  groups_json: string;
  home: string;
  priority: number;
  state: JobState;
  reason: string | null;
  exit_code: number | null;
  node: string | null;
  submitted_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cpu_seconds: number;
  max_memory_mib: number | null;
  queue_position: number | null;
  priority_score: number | null;
  root: number;
  interactive: number;
  mounts_json: string | null;
}

function toJob(row: JobRow): JobRecord {
  return {
    id: Number(row.id),
    ownerId: row.owner_id,
    owner: row.owner,
    group: row.group_name,
    project: row.project,
    queue: row.queue,
    name: row.name,
    image: row.image,
    imageDigest: row.image_digest,
    command: row.command,
    cpus: row.cpus,
    memoryMiB: row.memory_mib,
    maxLifetimeSeconds: row.max_lifetime_s,
    uid: row.uid,
    gid: row.gid,
    groups: JSON.parse(row.groups_json) as number[],
    home: row.home,
    root: row.root === 1,
    interactive: row.interactive === 1,
    // Jobs from before the volume catalog mounted their home only.
    mounts: row.mounts_json
      ? (JSON.parse(row.mounts_json) as JobMount[])
      : [
          {
            volume: 'home',
            hostPath: row.home,
            within: row.home,
            containerPath: row.home,
            readOnly: false,
          },
        ],
    priority: row.priority,
    state: row.state,
    reason: row.reason,
    exitCode: row.exit_code,
    node: row.node,
    submittedAt: row.submitted_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    cpuSeconds: Math.round(row.cpu_seconds * 1000) / 1000,
    maxMemoryMiB: row.max_memory_mib,
    queuePosition: row.state === 'pending' ? row.queue_position : null,
    priorityScore: row.state === 'pending' ? row.priority_score : null,
    workflowId: jobWorkflowId(Number(row.id)),
  };
}

/** A requested state change; it applies only when the job is in one of `from`. */
export interface Transition {
  from: readonly JobState[];
  to: JobState;
  reason?: string | null;
  exitCode?: number | null;
  node?: string | null;
}

const timestampColumn: Partial<Record<JobState, string>> = {
  admitted: 'admitted_at',
  running: 'started_at',
  succeeded: 'finished_at',
  failed: 'finished_at',
  killed: 'finished_at',
};

/** Which jobs a listing returns. */
export interface JobFilter {
  ownerId?: number;
  owner?: string;
  project?: string;
  queue?: string;
  state?: JobState;
  beforeId?: number;
  limit: number;
  /** `position`: the order pending jobs will start in, as of the last ordering pass. */
  order?: 'newest' | 'position';
}

/** Job records and their state history in MariaDB. */
export class JobStore {
  constructor(private readonly pool: Pool) {}

  /**
   * Inserts a job in state `submitted` with its first history entry; returns its id. Refuses
   * (DomainError `quota_exceeded`, nothing inserted) when one of the job's accounts already has
   * as many jobs waiting as its max-pending quota allows.
   */
  async insert(job: NewJob, now: Date): Promise<number> {
    return inTransaction(this.pool, async (conn) => {
      const charged = { user: job.owner, group: job.group, project: job.project, queue: job.queue };
      const reached = await pendingLimitReached(conn, charged);
      if (reached) throw pendingQuotaExceeded(reached);
      const [result] = await conn.query<ResultSetHeader>(
        `INSERT INTO jobs (owner_id, owner, group_name, project, queue, name, image, command, cpus,
           memory_mib, max_lifetime_s, uid, gid, groups_json, home, root, interactive, mounts_json,
           priority, state, submitted_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?)`,
        [
          job.ownerId,
          job.owner,
          job.group,
          job.project,
          job.queue,
          job.name,
          job.image,
          job.command,
          job.cpus,
          job.memoryMiB,
          job.maxLifetimeSeconds,
          job.uid,
          job.gid,
          JSON.stringify(job.groups),
          job.home,
          job.root,
          job.interactive,
          JSON.stringify(job.mounts),
          job.priority,
          now,
          now,
        ],
      );
      await conn.query('INSERT INTO job_events (job_id, at, state) VALUES (?, ?, ?)', [
        result.insertId,
        now,
        'submitted',
      ]);
      return result.insertId;
    });
  }

  /** One job, or undefined. */
  async get(id: number): Promise<JobRecord | undefined> {
    const [rows] = await this.pool.query<JobRow[]>('SELECT * FROM jobs WHERE id = ?', [id]);
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /** Jobs newest first, filtered. */
  async list(filter: JobFilter): Promise<JobRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.ownerId !== undefined) {
      where.push('owner_id = ?');
      args.push(filter.ownerId);
    }
    if (filter.owner !== undefined) {
      where.push('owner = ?');
      args.push(filter.owner);
    }
    if (filter.project !== undefined) {
      where.push('project = ?');
      args.push(filter.project);
    }
    if (filter.queue !== undefined) {
      where.push('queue = ?');
      args.push(filter.queue);
    }
    if (filter.state !== undefined) {
      where.push('state = ?');
      args.push(filter.state);
    }
    if (filter.beforeId !== undefined) {
      where.push('id < ?');
      args.push(filter.beforeId);
    }
    const [rows] = await this.pool.query<JobRow[]>(
      `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${filter.order === 'position' ? 'queue_position IS NULL, queue_position, id' : 'id DESC'} LIMIT ?`,
      [...args, filter.limit],
    );
    return rows.map(toJob);
  }

  /** A job's state history, oldest first. */
  async history(id: number): Promise<NonNullable<JobView['history']>> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT at, state, reason FROM job_events WHERE job_id = ? ORDER BY id',
      [id],
    );
    return rows.map((r) => ({
      at: (r.at as Date).toISOString(),
      state: r.state as JobState,
      reason: r.reason as string | null,
    }));
  }

  /**
   * Moves a job to a new state only if it is in one of the expected states, and records the
   * change in its history. Returns false (and changes nothing) otherwise, which is what makes
   * a retried activity harmless.
   */
  async transition(id: number, change: Transition, now: Date): Promise<boolean> {
    const sets = ['state = ?', 'reason = ?', 'updated_at = ?'];
    const args: unknown[] = [change.to, change.reason ?? null, now];
    if (change.exitCode !== undefined) {
      sets.push('exit_code = ?');
      args.push(change.exitCode);
    }
    if (change.node !== undefined) {
      sets.push('node = ?');
      args.push(change.node);
    }
    const stamp = timestampColumn[change.to];
    if (stamp) {
      sets.push(`${stamp} = ?`);
      args.push(now);
    }
    // The history entry is written by a trigger (migration 010) in the same statement.
    const [result] = await this.pool.query<ResultSetHeader>(
      `UPDATE jobs SET ${sets.join(', ')} WHERE id = ? AND state IN (?)`,
      [...args, id, change.from],
    );
    return result.affectedRows === 1;
  }

  /** Ids of jobs still `submitted` since before `olderThan` (their workflow may never have started). */
  async staleSubmitted(olderThan: Date, limit: number): Promise<number[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      "SELECT id FROM jobs WHERE state = 'submitted' AND submitted_at < ? ORDER BY id LIMIT ?",
      [olderThan, limit],
    );
    return rows.map((r) => Number(r.id));
  }
}
