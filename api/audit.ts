import type { Request } from 'express';
import type { AuditEntry } from '../core/audit';
import type { ApiDeps } from './context';

/** The client address of a request, as the audit log and login throttling see it. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Appends to the audit log. The action it describes has already happened (or been refused), so a
 * failing write is reported loudly in the process log rather than turned into a failed request.
 */
export async function recordAudit(deps: ApiDeps, entry: AuditEntry): Promise<void> {
  try {
    await deps.audit.record(entry, deps.clock());
  } catch (error) {
    // The entry itself may be what failed (too odd to encode): log what it was about, not it.
    const { actor, action, target, outcome } = entry;
    deps.log({
      level: 'error',
      msg: 'audit write failed',
      actor,
      action,
      target,
      outcome,
      error: String(error),
    });
  }
}
