import type { RowDataPacket } from 'mysql2/promise';
import type { ClusterView } from '../../core/cluster';
import type { Pool } from './pool';

/** Per-node figures of the jobs holding resources. */
export interface NodeLoad {
  node: string;
  allocatedCpus: number;
  allocatedMemoryMiB: number;
  usedCpus: number;
  usedMemoryMiB: number;
  runningJobs: number;
}

/** Reads the aggregates of the cluster view (a few grouped queries, no per-job rows). */
export class ClusterStore {
  constructor(private readonly pool: Pool) {}

  /**
   * What jobs hold on each node (admitted jobs have no node yet and are not counted here) and
   * what running jobs use at their latest sample.
   */
  async nodeLoads(): Promise<NodeLoad[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT j.node, COUNT(*) AS jobs, SUM(j.cpus) AS cpus, SUM(j.memory_mib) AS memory_mib,
              SUM(COALESCE(s.cpu_percent, 0)) / 100 AS used_cpus,
              SUM(COALESCE(s.memory_bytes, 0)) / 1048576 AS used_memory_mib
       FROM jobs j
       LEFT JOIN (
         SELECT s.job_id, s.cpu_percent, s.memory_bytes FROM job_samples s
         JOIN (SELECT job_id, MAX(at) AS at FROM job_samples
               WHERE job_id IN (SELECT id FROM jobs WHERE state = 'running') GROUP BY job_id) latest
           ON latest.job_id = s.job_id AND latest.at = s.at
       ) s ON s.job_id = j.id
       WHERE j.state IN ('launching', 'running') AND j.node IS NOT NULL
       GROUP BY j.node`,
    );
    return rows.map((r) => ({
      node: String(r.node),
      runningJobs: Number(r.jobs),
      allocatedCpus: Number(r.cpus),
      allocatedMemoryMiB: Number(r.memory_mib),
      usedCpus: Math.round(Number(r.used_cpus) * 100) / 100,
      usedMemoryMiB: Math.round(Number(r.used_memory_mib)),
    }));
  }

  /** Running and pending jobs by one of the job's accounts. */
  async loadBy(column: 'group_name' | 'queue'): Promise<ClusterView['groups']> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT ${column} AS name,
              SUM(state IN ('admitted', 'launching', 'running')) AS running,
              SUM(state IN ('submitted', 'pending')) AS pending,
              SUM(IF(state IN ('admitted', 'launching', 'running'), cpus, 0)) AS cpus,
              SUM(IF(state IN ('admitted', 'launching', 'running'), memory_mib, 0)) AS memory_mib
       FROM jobs WHERE state IN ('submitted', 'pending', 'admitted', 'launching', 'running')
       GROUP BY ${column} ORDER BY ${column}`,
    );
    return rows.map((r) => ({
      name: String(r.name),
      running: Number(r.running),
      pending: Number(r.pending),
      runningCpus: Number(r.cpus),
      runningMemoryMiB: Number(r.memory_mib),
    }));
  }
}
