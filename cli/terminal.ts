import WebSocket, { type RawData } from 'ws';
import {
  outputChannels,
  shellProtocol,
  shellServerMessageSchema,
  type ShellClientMessage,
} from '../core/interactive';
import { CliFailure } from './failure';

/** Where and how to attach: what `ApiClient.shellAttachment` gives. */
export interface Attachment {
  url: string;
  headers: Record<string, string>;
}

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function sendControl(ws: WebSocket, message: ShellClientMessage): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

// A refusal comes as an HTTP answer before the upgrade, in the API's usual error shape.
function refusal(status: number, text: string): CliFailure {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error?.message) {
      const hint = status === 401 ? ' — run `godocker login`, or check GODOCKER_TOKEN' : '';
      return new CliFailure(`${body.error.message}${hint}`, body.error.code ?? 'error');
    }
  } catch {
    // Not our error shape: show the start of it.
  }
  return new CliFailure(`HTTP ${status}: ${text.slice(0, 200)}`, 'http_error');
}

/** Turns this terminal into the remote one until the session ends: raw mode, size, resizes. */
function attachLocalTerminal(ws: WebSocket, tty: boolean): () => void {
  const stdin = process.stdin;
  const resize = () =>
    sendControl(ws, { type: 'resize', rows: process.stdout.rows, cols: process.stdout.columns });
  // Raw: every key (Ctrl-C and Ctrl-D included) goes to the remote shell, not to this process.
  if (tty && stdin.isTTY) stdin.setRawMode(true);
  if (tty && process.stdout.isTTY) process.stdout.on('resize', resize);
  const onData = (chunk: Buffer) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(chunk, { binary: true });
  };
  const onEnd = () => sendControl(ws, { type: 'eof' });
  stdin.on('data', onData);
  stdin.on('end', onEnd);
  stdin.resume();
  return () => {
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    process.stdout.off('resize', resize);
    if (tty && stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
  };
}

function writeOutput(data: Buffer, tty: boolean): void {
  if (tty) {
    process.stdout.write(data);
    return;
  }
  const body = data.subarray(1);
  if (data[0] === outputChannels.stderr) process.stderr.write(body);
  else process.stdout.write(body);
}

/**
 * Runs a remote shell or command over the job's websocket with this process's stdin, stdout and
 * stderr, and resolves with its exit code. With `tty` the local terminal is put in raw mode for
 * the time of the session and its size follows the window's.
 */
export function runRemote(attachment: Attachment, tty: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(attachment.url, [shellProtocol], { headers: attachment.headers });
    let detach = () => undefined as void;
    let exitCode: number | undefined;
    let refused = false;
    ws.on('unexpected-response', (_req, res) => {
      refused = true;
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => reject(refusal(res.statusCode ?? 0, text)));
    });
    ws.on('open', () => (detach = attachLocalTerminal(ws, tty)));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return writeOutput(asBuffer(data), tty);
      const message = shellServerMessageSchema.safeParse(JSON.parse(asBuffer(data).toString()));
      if (!message.success) return;
      if (message.data.type === 'exit') exitCode = message.data.code;
      else process.stderr.write(`\r\ngodocker: ${message.data.message}\r\n`);
    });
    ws.on('error', (error) => {
      detach();
      reject(new CliFailure(`shell connection failed: ${error.message}`, 'unreachable'));
    });
    ws.on('close', () => {
      detach();
      if (refused) return;
      if (exitCode !== undefined) resolve(exitCode);
      else
        reject(new CliFailure('the connection closed before the remote exit status came', 'lost'));
    });
  });
}
