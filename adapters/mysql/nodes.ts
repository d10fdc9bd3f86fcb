import type { RowDataPacket } from 'mysql2/promise';
import type { NodeCapacity } from '../../core/executor';
import type { Pool } from './pool';

/** The execution nodes' capacity as last reported by a worker; the API validates requests on it. */
export class NodeStore {
  constructor(private readonly pool: Pool) {}

  /** Records (or refreshes) what nodes report. */
  async upsert(nodes: NodeCapacity[], now: Date): Promise<void> {
    for (const node of nodes) {
      await this.pool.query(
        `INSERT INTO nodes (name, cpus, memory_mib, updated_at) VALUES (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE cpus = VALUES(cpus), memory_mib = VALUES(memory_mib), updated_at = VALUES(updated_at)`,
        [node.node, node.cpus, node.memoryMiB, now],
      );
    }
  }

  /** All known nodes, with when a worker last reported each. */
  async list(): Promise<(NodeCapacity & { reportedAt: Date })[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT name, cpus, memory_mib, updated_at FROM nodes ORDER BY name',
    );
    return rows.map((r) => ({
      node: String(r.name),
      cpus: Number(r.cpus),
      memoryMiB: Number(r.memory_mib),
      reportedAt: r.updated_at as Date,
    }));
  }
}
