import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import {
  explicitRegistry,
  type CatalogImage,
  type CreateImageRequest,
  type UpdateImageRequest,
} from '../../core/catalog';
import type { Pool } from './pool';

interface ImageRow extends RowDataPacket {
  id: number;
  name: string;
  version: string;
  description: string;
  os: string;
  tags_json: string | string[];
  is_default: number;
  reference: string;
  digest: string | null;
  created_at: Date;
  updated_at: Date;
}

function toImage(row: ImageRow): CatalogImage {
  return {
    id: Number(row.id),
    name: row.name,
    version: row.version,
    image: `${row.name}:${row.version}`,
    description: row.description,
    os: row.os,
    // mysql2 parses JSON columns on MySQL but MariaDB reports them as text.
    tags:
      typeof row.tags_json === 'string' ? (JSON.parse(row.tags_json) as string[]) : row.tags_json,
    isDefault: row.is_default === 1,
    reference: row.reference,
    registry: explicitRegistry(row.reference),
    digest: row.digest,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A catalog entry to insert: the request with its reference decided. */
export type NewCatalogImage = Omit<CreateImageRequest, 'reference' | 'digest'> & {
  reference: string;
  digest: string | null;
};

/** The software catalog: the images users may run, with where they come from. */
export class ImageStore {
  constructor(private readonly pool: Pool) {}

  /** Adds an image; returns its id, or undefined when name:version is taken. */
  async insert(image: NewCatalogImage, now: Date): Promise<number | undefined> {
    const [result] = await this.pool.query<ResultSetHeader>(
      `INSERT IGNORE INTO images (name, version, description, os, tags_json, is_default, reference, digest, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        image.name,
        image.version,
        image.description,
        image.os,
        JSON.stringify(image.tags),
        image.isDefault,
        image.reference,
        image.digest,
        now,
        now,
      ],
    );
    if (result.affectedRows !== 1) return undefined;
    if (image.isDefault) await this.makeOnlyDefault(result.insertId);
    return result.insertId;
  }

  /** Adds the images of the configuration that the catalog lacks (the config is the first seed). */
  async seed(images: NewCatalogImage[], now: Date): Promise<void> {
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM images');
    const empty = Number(rows[0]?.n) === 0;
    for (const image of images) {
      // Only the first seed may name the default: later, the default is the admins' choice.
      await this.insert({ ...image, isDefault: empty && image.isDefault }, now);
    }
  }

  /** One image by id. */
  async get(id: number): Promise<CatalogImage | undefined> {
    const [rows] = await this.pool.query<ImageRow[]>('SELECT * FROM images WHERE id = ?', [id]);
    return rows[0] ? toImage(rows[0]) : undefined;
  }

  /** One image by name and version. */
  async find(name: string, version: string): Promise<CatalogImage | undefined> {
    const [rows] = await this.pool.query<ImageRow[]>(
      'SELECT * FROM images WHERE name = ? AND version = ?',
      [name, version],
    );
    return rows[0] ? toImage(rows[0]) : undefined;
  }

  /** Every image, the default first, then by name and version (filters apply in core). */
  async list(): Promise<CatalogImage[]> {
    const [rows] = await this.pool.query<ImageRow[]>(
      'SELECT * FROM images ORDER BY is_default DESC, name, version',
    );
    return rows.map(toImage);
  }

  /** Changes the given fields; returns false when there is no such image. */
  async update(id: number, fields: UpdateImageRequest, now: Date): Promise<boolean> {
    const columns: Record<string, unknown> = {
      description: fields.description,
      os: fields.os,
      tags_json: fields.tags && JSON.stringify(fields.tags),
      is_default: fields.isDefault,
      reference: fields.reference,
      digest: fields.digest,
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    const [result] = await this.pool.query<ResultSetHeader>(
      `UPDATE images SET ${[...set.map(([c]) => `${c} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ?`,
      [...set.map(([, v]) => v), now, id],
    );
    if (result.affectedRows === 1 && fields.isDefault) await this.makeOnlyDefault(id);
    return result.affectedRows === 1;
  }

  /** Removes an image from the catalog (jobs already submitted keep theirs). */
  async delete(id: number): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>('DELETE FROM images WHERE id = ?', [
      id,
    ]);
    return result.affectedRows === 1;
  }

  private async makeOnlyDefault(id: number): Promise<void> {
    await this.pool.query('UPDATE images SET is_default = 0 WHERE id <> ? AND is_default = 1', [
      id,
    ]);
  }
}
