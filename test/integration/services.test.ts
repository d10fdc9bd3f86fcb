import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { Connection } from '@temporalio/client';
import mysql from 'mysql2/promise';
import {
  adminAnswers,
  bootstrapServices,
  BUSYBOX_IMAGE,
  GODOCKER_SEARCH_ATTRIBUTES,
  mariaDbPaths,
  temporalAnswers,
  type BootstrapOptions,
  type BootstrappedServices,
} from '../../scripts/services/index';

// Compiled to dist/test/integration/, three levels below the repository root.
const repoRoot = resolve(__dirname, '..', '..', '..');

test(
  'bootstrapServices brings up Docker, MariaDB and Temporal, then reuses them',
  { timeout: 15 * 60_000 },
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'godocker-services-'));
    // Ports away from the defaults so a developer's own `services up` is neither reused nor disturbed.
    const opts: BootstrapOptions = {
      dataDir,
      repoRoot,
      mariadbPort: 3317,
      temporalPort: 7243,
      temporalUiPort: 8243,
      log: (line) => t.diagnostic(line),
    };
    const first = await bootstrapServices(opts);
    try {
      assert.equal(first.mariadb.startedByUs, true, 'a fresh data dir gets its own MariaDB');
      await t.test('a second call reuses everything', async () => {
        const second = await bootstrapServices(opts);
        for (const handle of [
          second.docker,
          second.busyboxImage,
          second.mariadb,
          second.temporal,
        ]) {
          assert.equal(handle.startedByUs, false, `${handle.name} was started again`);
        }
        assert.equal(second.mysqlUrl, first.mysqlUrl);
      });
      await t.test('MariaDB accepts a query through the URL', () =>
        queryThroughUrl(first.mysqlUrl),
      );
      await t.test('Temporal answers getSystemInfo and knows the search attributes', () =>
        temporalSystemInfo(first.temporalAddress),
      );
      await t.test('the busybox image runs as uid 1000', () => runAsUid1000(first));
    } finally {
      await first.stopStarted();
    }
    assert.equal(
      await adminAnswers(mariaDbPaths(dataDir).socket),
      false,
      'MariaDB still answers after stop',
    );
    if (first.temporal.startedByUs) {
      assert.equal(await temporalAnswers(first.temporal.binaryPath, first.temporalAddress), false);
    }
    rmSync(dataDir, { recursive: true, force: true });
  },
);

async function queryThroughUrl(url: string): Promise<void> {
  const connection = await mysql.createConnection(url);
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT DATABASE() AS db, 6 * 7 AS answer',
    );
    assert.deepEqual({ ...rows[0] }, { db: 'godocker', answer: 42 });
    // Tests create one database each, so the account must be allowed to.
    await connection.query('CREATE DATABASE IF NOT EXISTS godocker_services_test');
    await connection.query('DROP DATABASE godocker_services_test');
  } finally {
    await connection.end();
  }
}

async function temporalSystemInfo(address: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const info = await connection.workflowService.getSystemInfo({});
    assert.ok(info.serverVersion, 'getSystemInfo returned no server version');
    const attributes = await connection.operatorService.listSearchAttributes({
      namespace: 'default',
    });
    for (const name of Object.keys(GODOCKER_SEARCH_ATTRIBUTES)) {
      assert.ok(attributes.customAttributes[name], `search attribute ${name} is not registered`);
    }
  } finally {
    await connection.close();
  }
}

async function runAsUid1000(services: BootstrappedServices): Promise<void> {
  const container = await services.docker.docker.createContainer({
    Image: BUSYBOX_IMAGE,
    Cmd: ['sh', '-c', 'id; echo ok'],
    User: '1000:1000',
    Tty: true,
    HostConfig: { CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'] },
  });
  try {
    await container.start();
    const result = (await container.wait()) as { StatusCode: number };
    const output = (await container.logs({ stdout: true, stderr: true, follow: false })).toString();
    assert.equal(result.StatusCode, 0, output);
    assert.match(output, /uid=1000 gid=1000/);
    assert.match(output, /ok/);
  } finally {
    await container.remove({ force: true });
  }
}
