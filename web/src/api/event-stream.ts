import { apiHeaders, failure } from './client';

/** One server-sent event. */
export interface StreamEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/** How a stream is followed. */
export interface FollowOptions {
  /** The path under /api/v1 without the resume parameter. */
  path: (lastId: string | undefined) => string;
  onEvent: (event: StreamEvent) => void;
  /** Told when the stream is lost and when it is back; undefined means "connected". */
  onTrouble?: (message: string | undefined) => void;
  /** Events after which the server has nothing more to say (e.g. `end`). */
  finalEvents?: readonly string[];
  signal: AbortSignal;
}

function parseBlock(block: string): StreamEvent | undefined {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length > 0 ? { id, event, data: data.join('\n') } : undefined;
}

/** Reads one connection; resolves with the last id seen and whether a final event came. */
async function readOnce(
  options: FollowOptions,
  lastId: string | undefined,
): Promise<{ lastId: string | undefined; ended: boolean }> {
  const response = await fetch(`/api/v1${options.path(lastId)}`, {
    headers: { ...apiHeaders(), accept: 'text/event-stream' },
    signal: options.signal,
  });
  if (!response.ok || !response.body) throw await failure(response);
  options.onTrouble?.(undefined);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { lastId, ended: false };
    buffer = (buffer + value).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = parseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (!event) continue;
      if (event.id !== undefined) lastId = event.id;
      options.onEvent(event);
      if (options.finalEvents?.includes(event.event)) return { lastId, ended: true };
    }
  }
}

/**
 * Follows a server-sent event stream with `fetch` (EventSource cannot send the bearer token),
 * reconnecting after the last id received until a final event arrives, the API refuses (4xx), or
 * the signal aborts.
 */
export async function followEvents(options: FollowOptions, lastId?: string): Promise<void> {
  let retryMs = 2000;
  while (!options.signal.aborted) {
    try {
      const result = await readOnce(options, lastId);
      lastId = result.lastId;
      if (result.ended) return;
      retryMs = 2000;
    } catch (error) {
      if (options.signal.aborted) return;
      const status = (error as { status?: number }).status ?? 0;
      if (status >= 400 && status < 500) throw error;
      options.onTrouble?.(`connection lost; reconnecting in ${retryMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
    retryMs = Math.min(retryMs * 2, 10_000);
  }
}

/** Streams a text answer (a job's log with follow=1), handing over each chunk as it arrives. */
export async function followText(
  path: string,
  onText: (chunk: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(`/api/v1${path}`, { headers: apiHeaders(), signal });
  if (!response.ok || !response.body) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onText(value);
  }
}
