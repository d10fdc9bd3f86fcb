import { Flags } from '@oclif/core';
import type { z } from 'zod';
import { auditOutcomes, type auditListSchema } from '../../core/audit';
import { BaseCommand } from '../base-command';
import { renderAuditTable } from '../identity-display';
import { durationFlag } from '../job-flags';

/** `godocker audit`: the append-only record of logins, job submits and kills, and changes. */
export default class Audit extends BaseCommand<typeof Audit> {
  static override summary = 'Read the audit log, newest first (admins)';
  static override examples = [
    '<%= config.bin %> audit --since 1d',
    "<%= config.bin %> audit --action 'auth.*' --outcome failed",
    '<%= config.bin %> audit --actor alice --action job.submit --outcome refused --json',
  ];
  static override flags = {
    actor: Flags.string({ summary: 'Events of this user' }),
    action: Flags.string({ summary: 'An action such as job.submit, or a prefix such as auth.*' }),
    outcome: Flags.string({ options: [...auditOutcomes], summary: 'ok, refused or failed' }),
    target: Flags.string({ summary: 'What was acted on, e.g. job/42 or user/alice' }),
    since: durationFlag({ summary: 'Only events this recent: e.g. 30m, 12h, 7d' }),
    limit: Flags.integer({ min: 1, max: 1000, default: 50, summary: 'At most this many events' }),
    'before-id': Flags.integer({ min: 1, summary: 'Paging: events older than this id' }),
  };

  async run(): Promise<z.infer<typeof auditListSchema>> {
    const since =
      this.flags.since === undefined
        ? undefined
        : new Date(Date.now() - this.flags.since * 1000).toISOString();
    const list = await (
      await this.client()
    ).listAudit({
      actor: this.flags.actor,
      action: this.flags.action,
      outcome: this.flags.outcome as (typeof auditOutcomes)[number] | undefined,
      target: this.flags.target,
      since,
      limit: this.flags.limit,
      beforeId: this.flags['before-id'],
    });
    this.log(list.events.length ? renderAuditTable(list.events) : 'No matching events.');
    if (list.nextBeforeId !== null) {
      this.logToStderr(`More: ${this.config.bin} audit --before-id ${list.nextBeforeId} ...`);
    }
    return list;
  }
}
