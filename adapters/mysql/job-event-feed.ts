import type { RowDataPacket } from 'mysql2/promise';
import { systemClock, type Clock } from '../../core/clock';
import type { JobEventFilter, JobEventRecord } from '../../core/events';
import { isFinal, type JobState } from '../../core/job';
import type { Logger } from '../log';
import type { Pool } from './pool';

interface EventRow extends RowDataPacket {
  id: number;
  job_id: number;
  at: Date;
  state: JobState;
  reason: string | null;
  name: string;
  owner_id: number;
  owner: string;
  project: string;
  queue: string;
  exit_code: number | null;
}

const selectEvents = `SELECT e.id, e.job_id, e.at, e.state, e.reason, j.name, j.owner_id, j.owner,
    j.project, j.queue, j.exit_code
  FROM job_events e JOIN jobs j ON j.id = e.job_id`;

function toEvent(row: EventRow): JobEventRecord {
  const exitCode = isFinal(row.state) && row.exit_code !== null ? row.exit_code : undefined;
  return {
    eventId: Number(row.id),
    jobId: Number(row.job_id),
    name: row.name,
    ownerId: row.owner_id,
    owner: row.owner,
    project: row.project,
    queue: row.queue,
    state: row.state,
    reason: row.reason,
    ...(exitCode === undefined ? {} : { exitCode }),
    at: row.at.toISOString(),
  };
}

/** The SQL twin of core's `eventMatches`, for replays (live events are matched in memory). */
function filterClauses(filter: JobEventFilter): { where: string[]; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  const visible = filter.visible;
  if (visible !== 'all') {
    const managed = visible.managedProjects;
    where.push(managed.length > 0 ? '(j.owner_id = ? OR j.project IN (?))' : 'j.owner_id = ?');
    args.push(visible.ownerId, ...(managed.length > 0 ? [managed] : []));
  }
  if (filter.jobIds) {
    where.push(filter.jobIds.length > 0 ? 'e.job_id IN (?)' : 'FALSE');
    if (filter.jobIds.length > 0) args.push(filter.jobIds);
  }
  if (filter.owner !== undefined) {
    where.push('j.owner = ?');
    args.push(filter.owner);
  }
  if (filter.project !== undefined) {
    where.push('j.project = ?');
    args.push(filter.project);
  }
  return { where, args };
}

/** Tuning of the feed; the defaults suit an API process. */
export interface JobEventFeedOptions {
  /** Pause between polls while someone listens. */
  intervalMs: number;
  /** Events read per poll; a full batch is followed by another poll at once. */
  batchSize: number;
  /** How long a missing id is waited for before it is taken for a rolled-back insert. */
  gapWaitMs: number;
  clock: Clock;
  log: Logger;
}

const defaults: JobEventFeedOptions = {
  intervalMs: 400,
  batchSize: 500,
  gapWaitMs: 2000,
  clock: systemClock,
  log: () => undefined,
};

/** Receives each batch of new events, in id order. */
export type JobEventListener = (events: readonly JobEventRecord[]) => void;

/**
 * The job state changes stored in MariaDB, read by one poller per process while anyone listens.
 *
 * Ids come from AUTO_INCREMENT, and two transactions can commit out of id order: reading
 * `id > last` could then step over an id still in flight and lose it. So the feed hands out
 * events only up to the first missing id, and waits `gapWaitMs` for it to appear before taking
 * it for a rolled-back insert. `position` only ever covers ids that were read or given up on,
 * which is what makes a replay up to it plus the live events after it complete.
 */
export class JobEventFeed {
  private readonly options: JobEventFeedOptions;
  private readonly listeners = new Set<JobEventListener>();
  /** First missing id of each hole seen → when it was first seen (ms). */
  private readonly holes = new Map<number, number>();
  private delivered = 0;
  private epoch = 0;
  private ready: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    options: Partial<JobEventFeedOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
  }

  /** Every event with an id up to this one has been handed to the listeners (or never existed). */
  get position(): number {
    return this.delivered;
  }

  /**
   * Adds a listener; the first one starts the poller. Resolves, once the feed knows where it
   * stands, with the function that removes the listener (the last one out stops the poller).
   */
  async subscribe(listener: JobEventListener): Promise<() => void> {
    this.listeners.add(listener);
    this.ready ??= this.begin();
    try {
      await this.ready;
    } catch (error) {
      this.remove(listener);
      throw error;
    }
    return () => this.remove(listener);
  }

  /** The newest stored event id (0 when there is none). */
  async newestId(): Promise<number> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT COALESCE(MAX(id), 0) AS id FROM job_events',
    );
    return Number(rows[0]?.id ?? 0);
  }

  /**
   * The events in (afterId, upToId] that match the filter, oldest first: the newest `limit` of
   * them, and whether older ones were left out.
   */
  async replay(
    filter: JobEventFilter,
    afterId: number,
    upToId: number,
    limit: number,
  ): Promise<{ events: JobEventRecord[]; truncated: boolean }> {
    const { where, args } = filterClauses(filter);
    const [rows] = await this.pool.query<EventRow[]>(
      `${selectEvents} WHERE e.id > ? AND e.id <= ? ${where.map((w) => `AND ${w}`).join(' ')}
       ORDER BY e.id DESC LIMIT ?`,
      [afterId, upToId, ...args, limit + 1],
    );
    return { events: rows.slice(0, limit).reverse().map(toEvent), truncated: rows.length > limit };
  }

  /** Stops polling and waits for a poll in flight; listeners get nothing more. */
  async close(): Promise<void> {
    this.listeners.clear();
    this.halt();
    await this.inFlight;
  }

  private remove(listener: JobEventListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) this.halt();
  }

  private halt(): void {
    this.epoch += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.ready = undefined;
  }

  private async begin(): Promise<void> {
    const epoch = this.epoch;
    await this.inFlight;
    const start = await this.startingPoint();
    if (epoch !== this.epoch) return;
    this.delivered = start.delivered;
    this.holes.clear();
    for (const hole of start.holes) this.holes.set(hole, this.options.clock().getTime());
    this.schedule(epoch, this.options.intervalMs);
  }

  /**
   * Where a starting poller stands: after the newest event, unless the newest ids have holes,
   * which may be inserts still in flight; then before the first hole, with the holes to wait for.
   */
  private async startingPoint(): Promise<{ delivered: number; holes: number[] }> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT id FROM job_events ORDER BY id DESC LIMIT 64',
    );
    const ids = rows.map((r) => Number(r.id)).reverse();
    const holes = ids
      .slice(1)
      .flatMap((id, i) => (id > (ids[i] ?? 0) + 1 ? [(ids[i] ?? 0) + 1] : []));
    const newest = ids[ids.length - 1] ?? 0;
    return { delivered: holes[0] === undefined ? newest : holes[0] - 1, holes };
  }

  private schedule(epoch: number, delayMs: number): void {
    this.timer = setTimeout(() => {
      this.inFlight = this.tick(epoch);
    }, delayMs);
  }

  private async tick(epoch: number): Promise<void> {
    let more = false;
    try {
      more = await this.poll(epoch);
    } catch (error) {
      // Nobody awaits a poll: the failure is logged and the next poll tries again.
      this.options.log({ level: 'error', msg: 'job event poll failed', error: String(error) });
    }
    if (epoch === this.epoch) this.schedule(epoch, more ? 0 : this.options.intervalMs);
  }

  /** Reads new events and hands out those before the first young hole; true when more wait. */
  private async poll(epoch: number): Promise<boolean> {
    const { batchSize } = this.options;
    const [rows] = await this.pool.query<EventRow[]>(
      `${selectEvents} WHERE e.id > ? ORDER BY e.id LIMIT ?`,
      [this.delivered, batchSize],
    );
    if (epoch !== this.epoch) return false;
    const now = this.options.clock().getTime();
    const ready: JobEventRecord[] = [];
    let expected = this.delivered + 1;
    let blocked = false;
    for (const row of rows) {
      const id = Number(row.id);
      if (id > expected) {
        const seen = this.holes.get(expected) ?? now;
        this.holes.set(expected, seen);
        blocked ||= now - seen < this.options.gapWaitMs;
      }
      if (!blocked) ready.push(toEvent(row));
      expected = id + 1;
    }
    this.delivered = ready[ready.length - 1]?.eventId ?? this.delivered;
    for (const hole of this.holes.keys()) if (hole <= this.delivered) this.holes.delete(hole);
    if (ready.length > 0) for (const listener of this.listeners) listener(ready);
    return rows.length === batchSize && !blocked;
  }
}
