import type { Readable } from 'node:stream';
import type { JobLogStore } from '../adapters/mysql/job-logs';

/** Where a capture writes and how much it may keep. */
export interface LogCaptureTarget {
  store: JobLogStore;
  jobId: number;
  capBytes: number;
  flushIntervalMs: number;
}

/**
 * Copies a container's output (read from its first byte) into the job's stored log, skipping
 * what is already stored, so a capture restarted after a crash continues where the last one
 * stopped. Output beyond the cap is dropped and the log marked truncated. Writes are batched
 * and flushed on a timer so a quiet job's last line still shows up promptly.
 */
export async function captureLogs(stream: Readable, target: LogCaptureTarget): Promise<void> {
  const { store, jobId, capBytes } = target;
  const status = await store.status(jobId);
  let stored = status.bytes;
  let truncated = status.truncated;
  let storedTruncated = status.truncated;
  let position = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    writing = writing.then(async () => {
      if (pendingBytes === 0 && truncated === storedTruncated) return;
      const chunk = Buffer.concat(pending);
      const offset = stored;
      pending = [];
      pendingBytes = 0;
      if (!(await store.append(jobId, offset, chunk, truncated))) {
        throw new Error(`log of job ${jobId} changed under the capture at byte ${offset}`);
      }
      stored = offset + chunk.length;
      storedTruncated = truncated;
    });
    return writing;
  };
  const timer = setInterval(() => void flush().catch(() => undefined), target.flushIntervalMs);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const end = position + chunk.length;
      const known = stored + pendingBytes;
      if (end > known && !truncated) {
        const fresh = chunk.subarray(Math.max(0, known - position));
        const room = capBytes - known;
        const kept = fresh.subarray(0, Math.max(0, room));
        if (kept.length < fresh.length) truncated = true;
        if (kept.length > 0) {
          pending.push(kept);
          pendingBytes += kept.length;
        }
        if (truncated) {
          // Stop reading: nothing more will be kept, and the container must not be slowed by us.
          stream.destroy();
          break;
        }
      }
      position = end;
    }
  } finally {
    clearInterval(timer);
  }
  await flush();
}
