import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { findExecutable, runCommand } from './command';
import { aptInstall } from './debian-packages';
import { spawnDetached, type DetachedProcessSpec } from './detached-process';
import { ensureDetachedService } from './detached-service';
import { readOrCreateSecret } from './mariadb-account';
import type { LogLine, ServiceHandle } from './service-handle';
import { ensureSlapdCertificate } from './slapd-tls';
import {
  baseEntryLdif,
  SLAPD_ADMIN_DN,
  SLAPD_SUFFIX,
  slapdConf,
  slapdPaths,
  type SlapdPaths,
} from './slapd-config';

export { SLAPD_ADMIN_DN, SLAPD_SUFFIX, slapdPaths } from './slapd-config';

/** The private slapd the test suite authenticates against; it syncs mdb on SIGTERM, quickly. */
export const SLAPD_PROCESS: DetachedProcessSpec = {
  name: 'slapd',
  binaryName: 'slapd',
  stopGraceMs: 10_000,
};

/** Options for {@link ensureSlapd}. */
export interface SlapdOptions {
  dataDir: string;
  port: number;
  log: LogLine;
}

/** A private OpenLDAP server and the root account that can write to it. */
export interface SlapdService extends ServiceHandle {
  url: string;
  suffix: string;
  adminDn: string;
  adminPassword: string;
  /** The certificate slapd offers on StartTLS, to trust as a CA. */
  caFile: string;
}

/** Whether an LDAP server at url accepts this admin bind (so it is ours, not just any server). */
export async function slapdAnswers(url: string, adminPassword: string): Promise<boolean> {
  const client = new Client({ url, timeout: 3_000, connectTimeout: 3_000 });
  try {
    await client.bind(SLAPD_ADMIN_DN, adminPassword);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/**
 * Ensures this data dir's private slapd answers on 127.0.0.1:port with the suffix
 * dc=godocker,dc=test, and offers StartTLS with a self-signed certificate.
 */
export async function ensureSlapd(opts: SlapdOptions): Promise<SlapdService> {
  const paths = slapdPaths(opts.dataDir);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  const adminPassword = readOrCreateSecret(paths.secret);
  const url = `ldap://127.0.0.1:${opts.port}`;
  const handle = await ensureDetachedService({
    ...SLAPD_PROCESS,
    dataDir: opts.dataDir,
    log: opts.log,
    reuseLine: `private instance answers on ${url}, reusing`,
    startTimeoutMs: 30_000,
    answers: () => slapdAnswers(url, adminPassword),
    start: async (files) => {
      const binaries = await slapdBinaries(opts.log);
      await ensureSlapdCertificate(paths, opts.log);
      writeFileSync(paths.config, slapdConf(paths, adminPassword), { mode: 0o600 });
      await initialiseDatabase(binaries.slapadd, paths, opts.log);
      opts.log(`slapd: starting private instance on ${url} (config and data in ${paths.dir})`);
      // -d keeps slapd in the foreground, so the pid we record is the server's. Level `none` still
      // prints startup errors (a taken port, a bad config line) but no line per operation; level
      // 0 would print nothing at all.
      const args = ['-d', 'none', '-f', paths.config, '-h', `${url}/`];
      return spawnDetached(binaries.slapd, args, files);
    },
  });
  const names = { suffix: SLAPD_SUFFIX, adminDn: SLAPD_ADMIN_DN };
  return { ...handle, url, ...names, adminPassword, caFile: paths.certificate };
}

async function initialiseDatabase(slapadd: string, paths: SlapdPaths, log: LogLine): Promise<void> {
  if (existsSync(join(paths.database, 'data.mdb'))) return;
  log(`slapd: creating the ${SLAPD_SUFFIX} database in ${paths.database}`);
  mkdirSync(paths.database, { recursive: true, mode: 0o700 });
  writeFileSync(paths.baseLdif, baseEntryLdif());
  await runCommand(slapadd, ['-f', paths.config, '-l', paths.baseLdif]);
}

// Installing Debian's slapd may also start the system instance on port 389 (its postinst does,
// where services may start); ours has its own config and port, so that one is left alone.
async function slapdBinaries(log: LogLine): Promise<{ slapd: string; slapadd: string }> {
  let slapd = findExecutable('slapd');
  let slapadd = findExecutable('slapadd');
  if (slapd === undefined || slapadd === undefined) {
    log('slapd: slapd is not installed, installing Debian slapd and ldap-utils');
    await aptInstall(['slapd', 'ldap-utils'], log);
    slapd = findExecutable('slapd');
    slapadd = findExecutable('slapadd');
  }
  if (slapd === undefined || slapadd === undefined)
    throw new Error('slapd was installed but slapd or slapadd is missing');
  return { slapd, slapadd };
}
