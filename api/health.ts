import type { ApiDeps } from './context';

/** What each dependency answered. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  mariadb: string;
  temporal: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}

async function probe(check: () => Promise<unknown>): Promise<string> {
  try {
    await withTimeout(check(), 2000);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Checks that MariaDB and Temporal answer. */
export async function checkHealth(deps: ApiDeps): Promise<HealthReport> {
  const [mariadb, temporal] = await Promise.all([
    probe(() => deps.pool.query('SELECT 1')),
    probe(() => deps.temporal.connection.workflowService.getSystemInfo({})),
  ]);
  return { status: mariadb === 'ok' && temporal === 'ok' ? 'ok' : 'degraded', mariadb, temporal };
}
