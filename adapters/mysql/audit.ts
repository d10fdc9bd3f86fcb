import type { RowDataPacket } from 'mysql2/promise';
import {
  auditDetailText,
  type AuditEntry,
  type AuditEvent,
  type AuditOutcome,
  type AuditQuery,
} from '../../core/audit';
import type { Pool } from './pool';

interface AuditRow extends RowDataPacket {
  id: number;
  at: Date;
  actor: string | null;
  address: string | null;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  detail: string | null;
}

function toEvent(row: AuditRow): AuditEvent {
  return {
    id: Number(row.id),
    at: row.at.toISOString(),
    actor: row.actor,
    address: row.address,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
  };
}

/** The append-only audit log (triggers in the schema refuse updates and deletes). */
export class AuditStore {
  constructor(private readonly pool: Pool) {}

  /** Appends one event. */
  async record(entry: AuditEntry, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit_events (at, actor, address, action, target, outcome, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        at,
        entry.actor,
        entry.address,
        entry.action,
        entry.target === null ? null : entry.target.slice(0, 255),
        entry.outcome,
        auditDetailText(entry.detail),
      ],
    );
  }

  /** Events matching the filters, newest first. */
  async list(query: AuditQuery): Promise<AuditEvent[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, value: unknown): void => {
      where.push(clause);
      args.push(value);
    };
    if (query.actor !== undefined) add('actor = ?', query.actor);
    if (query.action !== undefined) {
      if (query.action.endsWith('*')) add('action LIKE ?', `${query.action.slice(0, -1)}%`);
      else add('action = ?', query.action);
    }
    if (query.outcome !== undefined) add('outcome = ?', query.outcome);
    if (query.target !== undefined) add('target = ?', query.target);
    if (query.since !== undefined) add('at >= ?', new Date(query.since));
    if (query.until !== undefined) add('at < ?', new Date(query.until));
    if (query.beforeId !== undefined) add('id < ?', query.beforeId);
    const [rows] = await this.pool.query<AuditRow[]>(
      `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT ?`,
      [...args, query.limit],
    );
    return rows.map(toEvent);
  }
}
