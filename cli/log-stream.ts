import { once } from 'node:events';

/** Copies a job's output to stdout as it arrives, bytes untouched, honouring back-pressure. */
export async function pipeToStdout(stream: ReadableStream<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
  return bytes;
}

/** Reads a whole log stream as text, for `--json`. */
export async function readAllText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}
