import { PassThrough, type Readable } from 'node:stream';

/**
 * Splits Docker's multiplexed log frames (8-byte header: stream, 3 zero bytes, big-endian size)
 * into one byte stream of stdout and stderr in the order Docker recorded them.
 */
export function demuxFrames(source: Readable): Readable {
  const out = new PassThrough();
  let pending: Buffer = Buffer.alloc(0);
  source.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      out.write(pending.subarray(8, 8 + size));
      pending = pending.subarray(8 + size);
    }
  });
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
