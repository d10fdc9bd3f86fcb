import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { shellProtocol, tokenProtocolPrefix } from '../../../core/interactive';
import { currentSession } from '../api/session';

type ShellState = 'connecting' | 'open' | 'closed';

/** The websocket URL of a job's shell, sized to the terminal. */
function shellUrl(jobId: number, rows: number, cols: number): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams({ tty: '1', rows: String(rows), cols: String(cols) });
  return `${scheme}//${window.location.host}/api/v1/jobs/${jobId}/shell?${params.toString()}`;
}

/**
 * A shell in an interactive job: xterm.js over the API's websocket. The token travels as a
 * subprotocol (browsers cannot set headers on websockets); terminal bytes go as binary frames
 * both ways, resizes and the exit code as JSON text frames.
 */
export function JobTerminal(props: { jobId: number }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<ShellState>('connecting');
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    const element = host.current;
    const session = currentSession();
    if (!element || !session) return;
    const term = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 14, rows: 24 });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    fit.fit();
    const socket = new WebSocket(shellUrl(props.jobId, term.rows, term.cols), [
      shellProtocol,
      `${tokenProtocolPrefix}${session.token}`,
    ]);
    socket.binaryType = 'arraybuffer';
    setState('connecting');
    setMessage(undefined);
    const encoder = new TextEncoder();
    socket.onopen = () => {
      setState('open');
      term.focus();
    };
    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data !== 'string') {
        term.write(new Uint8Array(event.data));
        return;
      }
      const control = JSON.parse(event.data) as { type: string; code?: number; message?: string };
      if (control.type === 'exit') setMessage(`The shell exited with code ${control.code ?? '?'}.`);
      if (control.type === 'error') setMessage(control.message ?? 'The shell failed.');
    };
    socket.onclose = (event) => {
      setState('closed');
      if (event.code !== 1000 && event.reason) setMessage(event.reason);
    };
    const input = term.onData((data) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(encoder.encode(data));
    });
    const resize = term.onResize(({ rows, cols }) => {
      if (socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type: 'resize', rows, cols }));
      }
    });
    const refit = () => fit.fit();
    window.addEventListener('resize', refit);
    return () => {
      window.removeEventListener('resize', refit);
      input.dispose();
      resize.dispose();
      socket.close(1000);
      term.dispose();
    };
  }, [props.jobId, attempt]);

  return (
    <section aria-labelledby="terminal-title" className="panel">
      <div className="panel-head">
        <h2 id="terminal-title">Terminal</h2>
        <span className={state === 'open' ? 'live on' : 'live off'} role="status">
          {state === 'open' ? 'connected' : state}
        </span>
        {state === 'closed' && (
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            New shell
          </button>
        )}
      </div>
      {message && <p className="reason-line">{message}</p>}
      <div ref={host} className="terminal" data-testid="terminal" aria-label="Shell in the job" />
    </section>
  );
}
