import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { CreateVolumeRequest, UpdateVolumeRequest, Volume } from '../../core/volumes';
import type { Pool } from './pool';

interface VolumeRow extends RowDataPacket {
  name: string;
  description: string;
  host_path: string;
  container_path: string;
  read_only: number;
  groups_json: string;
  created_at: Date;
  updated_at: Date;
}

function toVolume(row: VolumeRow): Volume {
  return {
    name: row.name,
    description: row.description,
    hostPath: row.host_path,
    containerPath: row.container_path,
    readOnly: row.read_only === 1,
    groups: JSON.parse(row.groups_json) as string[],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The volume catalog: the only host directories jobs can reach besides their owner's home. */
export class VolumeStore {
  constructor(private readonly pool: Pool) {}

  /** Adds a volume; returns false when the name is taken. */
  async insert(volume: CreateVolumeRequest, now: Date): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>(
      `INSERT IGNORE INTO volumes (name, description, host_path, container_path, read_only, groups_json, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        volume.name,
        volume.description,
        volume.hostPath,
        volume.containerPath,
        volume.readOnly,
        JSON.stringify(volume.groups),
        now,
        now,
      ],
    );
    return result.affectedRows === 1;
  }

  /** One volume by name. */
  async get(name: string): Promise<Volume | undefined> {
    const [rows] = await this.pool.query<VolumeRow[]>('SELECT * FROM volumes WHERE name = ?', [
      name,
    ]);
    return rows[0] ? toVolume(rows[0]) : undefined;
  }

  /** Every volume, by name. */
  async list(): Promise<Volume[]> {
    const [rows] = await this.pool.query<VolumeRow[]>('SELECT * FROM volumes ORDER BY name');
    return rows.map(toVolume);
  }

  /** Changes the given fields; returns false when there is no such volume. */
  async update(name: string, fields: UpdateVolumeRequest, now: Date): Promise<boolean> {
    const columns: Record<string, unknown> = {
      description: fields.description,
      host_path: fields.hostPath,
      container_path: fields.containerPath,
      read_only: fields.readOnly,
      groups_json: fields.groups && JSON.stringify(fields.groups),
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    const [result] = await this.pool.query<ResultSetHeader>(
      `UPDATE volumes SET ${[...set.map(([c]) => `${c} = ?`), 'updated_at = ?'].join(', ')} WHERE name = ?`,
      [...set.map(([, v]) => v), now, name],
    );
    return result.affectedRows === 1;
  }

  /** Removes a volume from the catalog (jobs already submitted keep their resolved mounts). */
  async delete(name: string): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>('DELETE FROM volumes WHERE name = ?', [
      name,
    ]);
    return result.affectedRows === 1;
  }
}
