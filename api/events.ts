import { inspect } from 'node:util';
import type { Response } from 'express';
import { DomainError } from '../core/errors';
import {
  eventMatches,
  eventNames,
  publicEvent,
  type JobEventFilter,
  type JobEventGap,
  type JobEventRecord,
} from '../core/events';
import type { Logger } from '../adapters/log';
import type { JobEventFeed } from '../adapters/mysql/job-event-feed';

/** Tuning of the fan-out; the defaults suit production. */
export interface JobEventHubOptions {
  /** A comment line this often keeps proxies from closing a quiet stream. */
  heartbeatMs: number;
  /** At most this many missed events are replayed to a reconnecting client. */
  replayLimit: number;
  /**
   * A subscriber with more than this many bytes not yet taken by its socket is dropped. Checked
   * before each write, so a replay (bounded by `replayLimit`) always goes out whole.
   */
  maxBufferedBytes: number;
  log: Logger;
}

const defaults: JobEventHubOptions = {
  heartbeatMs: 15_000,
  replayLimit: 1000,
  maxBufferedBytes: 1024 * 1024,
  log: () => undefined,
};

/** What one stream delivers: its filter, where it resumes, and how its access is re-checked. */
export interface Subscription {
  filter: JobEventFilter;
  /** Replay the events after this id first; undefined starts with the newest event. */
  since: number | undefined;
  /** The filter as of now (access may have changed); throws when the caller lost access. */
  refresh(): Promise<JobEventFilter>;
}

function frame(name: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

// Live events held back during a replay; a client that falls this far behind is dropped.
const maxHeldEvents = 10_000;

/** One connected client: its cursor, its filter and the response it is written to. */
class Subscriber {
  /** Live batches held back while the replay is read, so none slips between the two. */
  private held: JobEventRecord[] | undefined = [];
  /** Events up to this id were sent or passed over. */
  cursor = 0;
  closed = false;

  constructor(
    private readonly res: Response,
    public filter: JobEventFilter,
    private readonly hub: JobEventHubOptions,
  ) {
    res.once('close', () => void (this.closed = true));
    // A write racing a client that just left fails here; the 'close' above cleans up.
    res.on('error', () => void (this.closed = true));
  }

  receive(events: readonly JobEventRecord[]): void {
    if (!this.held) return this.send(events);
    this.held.push(...events);
    if (this.held.length > maxHeldEvents) this.drop('too many events arrived during the replay');
  }

  /** Sends the replayed events, then what arrived meanwhile, and goes live. */
  finishReplay(replayed: readonly JobEventRecord[]): void {
    const held = this.held ?? [];
    this.held = undefined;
    this.send([...replayed, ...held]);
  }

  gap(gap: JobEventGap): void {
    this.write(frame(eventNames.gap, gap));
  }

  heartbeat(): void {
    this.write(': keep-alive\n\n');
  }

  /** Ends the stream, saying why when the reason is the caller's to know. */
  end(error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    if (error === undefined) return void this.res.end();
    if (!(error instanceof DomainError && error.status < 500)) {
      this.hub.log({ level: 'error', msg: 'event stream ended', error: inspect(error) });
      return void this.res.destroy();
    }
    this.res.end(frame(eventNames.end, { error: { code: error.code, message: error.message } }));
  }

  private send(events: readonly JobEventRecord[]): void {
    let text = '';
    for (const event of events) {
      if (event.eventId <= this.cursor) continue;
      this.cursor = event.eventId;
      if (eventMatches(this.filter, event))
        text += frame(eventNames.job, publicEvent(event), event.eventId);
    }
    if (text) this.write(text);
  }

  /** Writes unless the client stopped reading; then it is dropped (it resumes with Last-Event-ID). */
  private write(text: string): void {
    if (this.closed) return;
    if (this.res.writableLength > this.hub.maxBufferedBytes)
      return this.drop('the client is not reading');
    this.res.write(text);
  }

  // Destroyed, not ended: an end would queue behind the bytes the client is not reading.
  private drop(why: string): void {
    this.hub.log({ msg: `event stream dropped: ${why}`, cursor: this.cursor });
    this.closed = true;
    this.res.destroy();
  }
}

/**
 * The API side of job events: each stream is one subscriber of the process's single
 * JobEventFeed, and gets the events its filter lets through, in id order, from its cursor on.
 */
export class JobEventHub {
  private readonly options: JobEventHubOptions;
  private readonly subscribers = new Set<Subscriber>();

  constructor(
    private readonly feed: JobEventFeed,
    options: Partial<JobEventHubOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
  }

  /** How many streams this process holds open. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Streams events to `res` as server-sent events; resolves when the stream is over. */
  async stream(res: Response, subscription: Subscription): Promise<void> {
    const subscriber = new Subscriber(res, subscription.filter, this.options);
    const over = new Promise<void>((resolve) => res.once('close', resolve));
    subscriber.cursor = subscription.since ?? (await this.feed.newestId());
    const unsubscribe = await this.feed.subscribe((events) => subscriber.receive(events));
    const heartbeat = setInterval(
      () => void this.beat(subscriber, subscription),
      this.options.heartbeatMs,
    );
    this.subscribers.add(subscriber);
    void over.then(() => {
      clearInterval(heartbeat);
      unsubscribe();
      this.subscribers.delete(subscriber);
    });
    if (subscriber.closed) return; // the client left while the stream was being set up
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    await this.replay(subscriber);
    await over;
  }

  /** Ends every stream and stops the feed (the API is shutting down). */
  async close(): Promise<void> {
    for (const subscriber of this.subscribers) subscriber.end();
    await this.feed.close();
  }

  private async replay(subscriber: Subscriber): Promise<void> {
    const since = subscriber.cursor;
    const upTo = this.feed.position;
    if (since >= upTo) return subscriber.finishReplay([]);
    const limit = this.options.replayLimit;
    const { events, truncated } = await this.feed.replay(subscriber.filter, since, upTo, limit);
    const first = events[0];
    if (truncated && first) {
      subscriber.gap({
        since,
        resumesAt: first.eventId,
        message: `more than ${limit} events since event ${since}: only the newest ${limit} follow; GET /api/v1/jobs for the current states`,
      });
    }
    subscriber.finishReplay(events);
  }

  private async beat(subscriber: Subscriber, subscription: Subscription): Promise<void> {
    subscriber.heartbeat();
    try {
      subscriber.filter = await subscription.refresh();
    } catch (error) {
      subscriber.end(error);
    }
  }
}
