import { PassThrough, type Readable } from 'node:stream';

/**
 * Reads Docker's multiplexed frames (8-byte header: stream 1 = stdout or 2 = stderr, 3 zero
 * bytes, big-endian size) from `source` and hands each payload on with its stream.
 */
export function onFrames(
  source: Readable,
  frame: (stream: 'stdout' | 'stderr', payload: Buffer) => void,
): void {
  let pending: Buffer = Buffer.alloc(0);
  source.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      frame(pending[0] === 2 ? 'stderr' : 'stdout', pending.subarray(8, 8 + size));
      pending = pending.subarray(8 + size);
    }
  });
}

/**
 * Joins Docker's multiplexed log frames into one byte stream of stdout and stderr in the order
 * Docker recorded them.
 */
export function demuxFrames(source: Readable): Readable {
  const out = new PassThrough();
  onFrames(source, (_stream, payload) => out.write(payload));
  source.on('end', () => out.end());
  source.on('error', (error) => out.destroy(error));
  out.on('close', () => source.destroy());
  return out;
}

/** The same for a log already read whole into memory. */
export function demuxBuffer(buffer: Buffer): Readable {
  const source = new PassThrough();
  source.end(buffer);
  return demuxFrames(source);
}
