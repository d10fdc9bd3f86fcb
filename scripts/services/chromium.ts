import { access, constants } from 'node:fs/promises';
import { aptInstall } from './debian-packages';
import type { LogLine } from './service-handle';

/** Debian's Chromium, which the browser tests drive with playwright-core (never a downloaded browser). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless Chromium that talks to nothing but the page under test. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function executable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The path of Chromium, installing Debian's `chromium` package first when it is missing. */
export async function ensureChromium(log: LogLine): Promise<string> {
  if (await executable(CHROMIUM_PATH)) return CHROMIUM_PATH;
  log('chromium: not installed; installing Debian chromium');
  await aptInstall(['chromium'], log);
  if (!(await executable(CHROMIUM_PATH)))
    throw new Error(`apt installed chromium but ${CHROMIUM_PATH} is still missing`);
  return CHROMIUM_PATH;
}
