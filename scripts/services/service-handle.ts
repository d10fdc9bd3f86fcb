/** Receives one human-readable line per bootstrap step. */
export type LogLine = (line: string) => void;

/** A service the bootstrap ensured is running; stop() only stops what this run started. */
export interface ServiceHandle {
  name: string;
  startedByUs: boolean;
  stop(): Promise<void>;
}
