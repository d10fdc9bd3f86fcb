/** A structured log event. */
export type LogEvent = Record<string, unknown> & {
  msg: string;
  level?: 'debug' | 'info' | 'warn' | 'error';
};

/** Writes structured events as one JSON line each, tagged with the component. */
export type Logger = (event: LogEvent) => void;

/** A JSON-lines logger on stderr (stdout stays free for what commands print). */
export function jsonLogger(component: string, quiet = false): Logger {
  return (event) => {
    if (quiet && (event.level ?? 'info') !== 'error') return;
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), component, level: 'info', ...event })}\n`,
    );
  };
}
