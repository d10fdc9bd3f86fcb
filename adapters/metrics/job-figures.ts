import type { RowDataPacket } from 'mysql2/promise';
import { finalStates, jobStates, type JobState } from '../../core/job';
import type { Pool } from '../mysql/pool';

/** States of jobs that have not ended; the jobs gauge counts these. */
export const openJobStates: readonly JobState[] = jobStates.filter((s) => !finalStates.includes(s));

/** How many jobs of one queue are in one open state. */
export interface QueueStateCount {
  queue: string;
  state: JobState;
  jobs: number;
}

/** What one group's finished jobs consumed, over all time. */
export interface GroupUsageTotal {
  group: string;
  cpuSeconds: number;
  memoryMiBSeconds: number;
}

/**
 * The MariaDB reads behind the API's scrape-time metrics. Each is one query on an index that
 * covers it (migration 009), so a scrape reads no table rows.
 */
export class JobFigures {
  constructor(private readonly pool: Pool) {}

  /** Names of the configured queues (their open-job counts show even at 0). */
  async queueNames(): Promise<string[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT name FROM queues');
    return rows.map((r) => String(r.name));
  }

  /** Open jobs by queue and state; combinations with no job are absent. */
  async openJobsByQueue(): Promise<QueueStateCount[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT state, queue, COUNT(*) AS jobs FROM jobs WHERE state IN (?)
       GROUP BY state, queue`,
      [openJobStates],
    );
    return rows.map((r) => ({
      queue: String(r.queue),
      state: r.state as JobState,
      jobs: Number(r.jobs),
    }));
  }

  /** Jobs whose container is running now. */
  async runningJobs(): Promise<number> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS jobs FROM jobs WHERE state = 'running'",
    );
    return Number(rows[0]?.jobs ?? 0);
  }

  /** Usage charged to each group since the start (usage_records: one row per finished job). */
  async groupUsageTotals(): Promise<GroupUsageTotal[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT group_name, SUM(cpu_seconds) AS cpu, SUM(memory_mib_seconds) AS memory
       FROM usage_records GROUP BY group_name`,
    );
    return rows.map((r) => ({
      group: String(r.group_name),
      cpuSeconds: Number(r.cpu),
      memoryMiBSeconds: Number(r.memory),
    }));
  }
}
