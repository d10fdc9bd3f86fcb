import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, type ApiClient } from '../client/api-client';
import {
  eventNames,
  jobEventGapSchema,
  jobStateEventSchema,
  streamEndSchema,
  type JobEventGap,
  type JobStateEvent,
} from '../core/events';

/** One dispatched message of a server-sent event stream. */
export interface SseMessage {
  /** `message` when the server named none. */
  event: string;
  data: string;
  /** The id to resume after once this message is handled (an id lasts until the next `id:`). */
  lastEventId: string | undefined;
}

/**
 * Splits a text/event-stream into messages as the HTML standard's parser does: CR, LF or CRLF
 * line ends (also split across chunks), `:` comments, `field: value` with one optional space,
 * `data` lines joined with newlines, a blank line dispatching, ids that persist.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  // Set by an `id:` line, but it only counts once its message is dispatched.
  private lastEventId: string | undefined;
  /** The reconnection delay the server asked for, in ms. */
  retryMs: number | undefined;

  /** Feeds decoded text; returns the messages it completed. */
  push(text: string): SseMessage[] {
    this.buffer += text;
    const messages: SseMessage[] = [];
    for (;;) {
      const end = this.buffer.search(/[\r\n]/);
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
      if (end < 0 || (end === this.buffer.length - 1 && this.buffer[end] === '\r')) break;
      const line = this.buffer.slice(0, end);
      const breakLength = this.buffer.startsWith('\r\n', end) ? 2 : 1;
      this.buffer = this.buffer.slice(end + breakLength);
      const message = this.line(line);
      if (message) messages.push(message);
    }
    return messages;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const data = this.data;
    const event = this.event || 'message';
    this.data = [];
    this.event = '';
    if (data.length === 0) return undefined;
    return { event, data: data.join('\n'), lastEventId: this.lastEventId };
  }
}

/** The messages of a byte stream, decoded as UTF-8 and parsed as they arrive. */
export async function* sseMessages(
  stream: ReadableStream<Uint8Array>,
  parser: SseParser,
): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  for await (const chunk of stream) yield* parser.push(decoder.decode(chunk, { stream: true }));
}

/** What `followJobEvents` reports; `onEvent` returns 'stop' once the caller has seen enough. */
export interface JobEventHandlers {
  onEvent(event: JobStateEvent): 'stop' | 'more';
  onGap(gap: JobEventGap): void;
  /** The connection dropped; it is tried again after `delayMs`, resuming after `lastEventId`. */
  onReconnecting(lastEventId: number | undefined, delayMs: number, cause: unknown): void;
  onReconnected(): void;
}

/** The filters of a followed stream; `since` replays from there first. */
export type JobEventQuery = NonNullable<Parameters<ApiClient['jobEvents']>[0]>;

/** An error worth reconnecting for: the server is unreachable, restarting or overloaded. */
function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

/** Handles one message; true when the caller wants no more. */
function handle(message: SseMessage, handlers: JobEventHandlers): boolean {
  if (message.event === eventNames.job) {
    const event = jobStateEventSchema.parse(JSON.parse(message.data));
    return handlers.onEvent(event) === 'stop';
  }
  if (message.event === eventNames.gap)
    handlers.onGap(jobEventGapSchema.parse(JSON.parse(message.data)));
  if (message.event === eventNames.end) {
    const { error } = streamEndSchema.parse(JSON.parse(message.data));
    throw new ApiError(error.code === 'unauthenticated' ? 401 : 403, error.code, error.message);
  }
  return false;
}

/**
 * Follows `GET /api/v1/events` until `onEvent` says stop. When the connection drops, or the
 * server restarts, it reconnects with the last event id it saw (nothing is missed), backing off
 * up to 10 s; a refusal (4xx), or a failure of the very first connection, ends it with the error.
 */
export async function followJobEvents(
  client: ApiClient,
  query: JobEventQuery,
  handlers: JobEventHandlers,
): Promise<void> {
  let since = query.since;
  let connectedOnce = false;
  let delayMs = 0;
  for (;;) {
    const parser = new SseParser();
    let cause: unknown = new Error('the server closed the stream');
    try {
      const stream = await client.jobEvents({ ...query, since });
      if (connectedOnce && delayMs > 0) handlers.onReconnected();
      connectedOnce = true;
      delayMs = 0;
      const messages = sseMessages(stream, parser);
      for (;;) {
        const next = await messages.next().catch((error: unknown) => {
          cause = error;
          return { done: true as const, value: undefined };
        });
        if (next.done) break;
        if (next.value.lastEventId !== undefined) since = Number(next.value.lastEventId);
        if (handle(next.value, handlers)) return void (await messages.return(undefined));
      }
    } catch (error) {
      // Only an outage of a stream that worked is waited out; refusals and bad data end here.
      if (!connectedOnce || !isTransient(error)) throw error;
      cause = error;
    }
    delayMs = Math.min(10_000, Math.max(parser.retryMs ?? 1000, delayMs * 2));
    handlers.onReconnecting(since, delayMs, cause);
    await sleep(delayMs);
  }
}
