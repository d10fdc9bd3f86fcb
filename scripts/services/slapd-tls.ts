import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { findExecutable, runCommand } from './command';
import { aptInstall } from './debian-packages';
import type { LogLine } from './service-handle';
import type { SlapdPaths } from './slapd-config';

/**
 * Makes, once, the self-signed certificate the private slapd offers on StartTLS. It names both
 * 127.0.0.1 and localhost, so a client that trusts it as its CA can check the server's name.
 */
export async function ensureSlapdCertificate(paths: SlapdPaths, log: LogLine): Promise<void> {
  if (existsSync(paths.certificate) && existsSync(paths.privateKey)) return;
  let openssl = findExecutable('openssl');
  if (openssl === undefined) {
    log('slapd: openssl is not installed, installing Debian openssl');
    await aptInstall(['openssl'], log);
    openssl = findExecutable('openssl');
  }
  if (openssl === undefined) throw new Error('openssl was installed but is missing');
  log(`slapd: creating a self-signed TLS certificate in ${dirname(paths.certificate)}`);
  mkdirSync(dirname(paths.certificate), { recursive: true, mode: 0o700 });
  await runCommand(openssl, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '3650',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    paths.privateKey,
    '-out',
    paths.certificate,
  ]);
}
