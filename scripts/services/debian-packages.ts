import { runCommand } from './command';
import type { LogLine } from './service-handle';

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
// Wait for another apt/dpkg (another engineer, unattended upgrades) instead of failing at once.
const LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=600'];

// Services are brought up in parallel but dpkg takes one global lock, so installs queue here.
let aptQueue: Promise<unknown> = Promise.resolve();
let listsUpdated = false;

/** Installs Debian packages (apt-get update first, once per process); calls are serialised. */
export function aptInstall(packages: readonly string[], log: LogLine): Promise<void> {
  const run = async (): Promise<void> => {
    if (!listsUpdated) {
      log('apt: apt-get update');
      await runCommand('apt-get', [...LOCK_WAIT, 'update'], { env: APT_ENV });
      listsUpdated = true;
    }
    log(`apt: apt-get install ${packages.join(' ')}`);
    // No recommends: they bring prompts (needrestart) and nothing the bootstrap uses.
    const args = [...LOCK_WAIT, 'install', '-y', '--no-install-recommends', ...packages];
    await runCommand('apt-get', args, { env: APT_ENV });
  };
  const result = aptQueue.then(run);
  aptQueue = result.catch(() => undefined);
  return result;
}
