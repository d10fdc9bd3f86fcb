import type { Request, Response } from 'express';
import { isFinal } from '../../core/job';
import type { ApiDeps } from '../context';

const pollMs = 500;

function truncationNotice(capBytes: number): string {
  return `\n[go-docker: output truncated at ${capBytes} bytes]\n`;
}

/**
 * Writes a job's stored output as text; with `follow`, keeps the response open and sends new
 * output as it is stored, until the job has ended and everything was sent.
 */
export async function sendJobLogs(
  deps: ApiDeps,
  jobId: number,
  follow: boolean,
  req: Request,
  res: Response,
): Promise<void> {
  res.status(200).type('text/plain; charset=utf-8');
  let sent = 0;
  let closed = false;
  req.on('close', () => void (closed = true));
  for (;;) {
    const chunk = await deps.logs.read(jobId, sent);
    if (chunk.length > 0) {
      res.write(chunk);
      sent += chunk.length;
    }
    const job = follow ? await deps.jobs.get(jobId) : undefined;
    const done = !follow || !job || isFinal(job.state);
    // After the final state, read once more: the finalizer stores the last bytes before it.
    if (done && (await deps.logs.read(jobId, sent, 1)).length === 0) break;
    if (closed) return;
    if (!done) await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  if ((await deps.logs.status(jobId)).truncated)
    res.write(truncationNotice(deps.config.jobs.logCapBytes));
  res.end();
}
