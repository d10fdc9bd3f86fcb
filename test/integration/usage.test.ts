import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { AccountKind } from '../../core/accounts';
import type { JobView } from '../../core/job';
import type { UsageReport, UsageRow } from '../../core/usage';
import { migrate, migrationsDir } from '../../adapters/mysql/migrate';
import { createPool } from '../../adapters/mysql/pool';
import { runCli, showRun } from '../support/cli';
import { testServices } from '../support/env';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

// Accounting end to end: real jobs that succeed, fail, get killed running and killed waiting;
// every report must equal the sum over the jobs' own records, computed here independently.

const v1 = '/api/v1';
const hour = 3600;

/** Seconds between two ISO times of a job record. */
const between = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 1000;

const accountOf: Record<AccountKind, (j: JobView) => string> = {
  user: (j) => j.owner,
  group: (j) => j.group,
  project: (j) => j.project,
  queue: (j) => j.queue,
};

/** The UTC date of an ISO time, and the start of its week (Monday) and month. */
const day = (iso: string) => iso.slice(0, 10);
const monday = (iso: string) => {
  const d = new Date(`${day(iso)}T00:00:00Z`);
  return day(new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString());
};
const month = (iso: string) => `${iso.slice(0, 7)}-01`;

/** What a report should say, summed from job records: one row per (bucket, account). */
function expectedRows(jobs: JobView[], by: AccountKind, bucket: (j: JobView) => string) {
  const rows = new Map<string, { row: UsageRow; waits: number[] }>();
  for (const job of jobs) {
    const key = `${bucket(job)} ${accountOf[by](job)}`;
    const entry = rows.get(key) ?? {
      row: {
        period: bucket(job),
        kind: by,
        name: accountOf[by](job),
        jobs: 0,
        succeeded: 0,
        failed: 0,
        killed: 0,
        cpuHours: 0,
        memoryGiBHours: 0,
        wallHours: 0,
        meanWaitSeconds: null,
      },
      waits: [],
    };
    const { row } = entry;
    row.jobs += 1;
    if (job.state === 'succeeded' || job.state === 'failed' || job.state === 'killed')
      row[job.state] += 1;
    row.cpuHours += job.cpuSeconds / hour;
    if (job.startedAt && job.finishedAt) {
      const ran = between(job.startedAt, job.finishedAt);
      row.wallHours += ran / hour;
      row.memoryGiBHours += ((job.memoryMiB / 1024) * ran) / hour;
      entry.waits.push(between(job.submittedAt, job.startedAt));
    }
    rows.set(key, entry);
  }
  return [...rows.values()]
    .map(({ row, waits }) => ({
      ...row,
      meanWaitSeconds: waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : null,
    }))
    .sort((a, b) => `${a.period} ${a.name}`.localeCompare(`${b.period} ${b.name}`));
}

/**
 * Equal up to float summation order and the API's 12 significant digits: both sides add the
 * same millisecond timestamps and cpu figures, so anything more is a real difference.
 */
const near = (a: number | null, e: number) => a !== null && Math.abs(a - e) <= 1e-9 * Math.abs(e);

/** Asserts report rows equal the expected ones: counts exactly, figures within rounding. */
function assertRows(actual: UsageRow[], expected: UsageRow[], what: string) {
  const counts = (r: UsageRow) => [
    r.period,
    r.kind,
    r.name,
    r.jobs,
    r.succeeded,
    r.failed,
    r.killed,
  ];
  assert.deepEqual(actual.map(counts), expected.map(counts), `${what}: buckets and job counts`);
  expected.forEach((e, i) => {
    const a = actual[i] as UsageRow;
    for (const field of ['cpuHours', 'memoryGiBHours', 'wallHours', 'meanWaitSeconds'] as const) {
      const want = e[field];
      const ok = want === null ? a[field] === null : near(a[field], want);
      assert.ok(ok, `${what} ${e.name} ${field}: ${a[field]} vs ${want}`);
    }
  });
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) {
      field += c;
    } else if (c !== '\r') {
      record.push(field);
      field = '';
      if (c === '\n') {
        records.push(record);
        record = [];
      }
    }
  }
  return records;
}

describe('accounting: usage per user, group, project and queue', { timeout: 300_000 }, () => {
  let stack: Stack;
  let home: string;
  const tokens: Record<string, string> = {};
  let jobs: JobView[] = [];

  const usage = (token: string, query: string) =>
    call<UsageReport>(stack.url, 'GET', `${v1}/usage${query}`, { token });
  const report = async (token: string, query: string) => {
    const answer = await usage(token, query);
    assert.equal(answer.status, 200, answer.text);
    return answer.body;
  };
  const asAdmin = (method: string, p: string, body?: unknown) =>
    call(stack.url, method, `${v1}${p}`, { token: stack.adminToken, body });

  async function submit(user: string, body: Record<string, unknown>): Promise<number> {
    const answer = await call<JobView>(stack.url, 'POST', `${v1}/jobs`, {
      token: tokens[user] ?? '',
      body: { image: 'godocker/busybox', cpus: 0.5, memoryMiB: 32, ...body },
    });
    assert.equal(answer.status, 201, answer.text);
    return answer.body.id;
  }

  async function kill(user: string, id: number, when: JobView['state']) {
    await stack.waitForJob(tokens[user] ?? '', id, (j) => j.state === when);
    const killed = await call(stack.url, 'DELETE', `${v1}/jobs/${id}`, {
      token: tokens[user] ?? '',
    });
    assert.equal(killed.status, 202, killed.text);
  }

  before(async () => {
    stack = await startStack();
    home = await mkdtemp(path.join(tmpdir(), 'godocker-usage-cli-'));
    for (const [user, uid, group] of [
      ['ann', 2801, 'bio'],
      ['ben', 2802, 'chem'],
      ['pam', 2803, 'bio'],
    ] as const) {
      if (user !== 'pam')
        assert.equal((await asAdmin('POST', '/groups', { name: group })).status, 201);
      tokens[user] = await stack.createUser(user, uid);
      const member = await asAdmin('PUT', `/groups/${group}/members/${user}`, { primary: true });
      assert.equal(member.status, 200, member.text);
    }
    assert.equal(
      (await asAdmin('POST', '/projects', { name: 'genome', manager: 'pam' })).status,
      201,
    );
    for (const user of ['ann', 'ben'])
      assert.equal((await asAdmin('PUT', `/projects/genome/members/${user}`, {})).status, 200);
    // Nothing in queue "hold" may run: its job is killed while it waits.
    assert.equal((await asAdmin('POST', '/queues', { name: 'hold' })).status, 201);
    assert.equal((await asAdmin('PUT', '/quotas/queue/hold', { maxRunningJobs: 0 })).status, 200);

    // Burns cpu for a second, then prints its cgroup's cpu counter: what it used, seen inside.
    const burn =
      'timeout 1 sh -c "while :; do :; done"; cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null || sed -n "s/^usage_usec //p" /sys/fs/cgroup/cpu.stat';
    const ids = [
      await submit('ann', { command: 'true', project: 'genome' }),
      await submit('ann', { command: burn, memoryMiB: 64 }),
      await submit('ann', { command: 'exit 3' }),
      await submit('ben', { command: 'sleep 1', project: 'genome', memoryMiB: 48 }),
    ];
    const runningKill = await submit('ben', { command: 'sleep 60', project: 'genome' });
    const pendingKill = await submit('ben', { command: 'true', queue: 'hold' });
    await kill('ben', runningKill, 'running');
    await kill('ben', pendingKill, 'pending');
    jobs = await Promise.all(
      [...ids, runningKill, pendingKill].map((id) =>
        stack.waitForJob(stack.adminToken, id, (j) => j.finishedAt !== null, 120_000),
      ),
    );
  });
  after(async () => {
    await stack?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  test('the jobs ended as intended (the ground truth below is their records)', () => {
    assert.deepEqual(
      jobs.map((j) => [j.owner, j.state, j.exitCode]),
      [
        ['ann', 'succeeded', 0],
        ['ann', 'succeeded', 0],
        ['ann', 'failed', 3],
        ['ben', 'succeeded', 0],
        ['ben', 'killed', null],
        ['ben', 'killed', null],
      ],
    );
    const waited = jobs[5] as JobView;
    assert.equal(waited.startedAt, null, 'the job in queue hold never started');
    assert.equal(waited.cpuSeconds, 0);
    assert.ok((jobs[1]?.cpuSeconds ?? 0) > 0, 'the busy loop was measured using cpu');
  });

  test('totals per user, group, project and queue equal the sums over the jobs', async () => {
    for (const by of ['user', 'group', 'project', 'queue'] as const) {
      const answer = await report(stack.adminToken, `?by=${by}&granularity=total`);
      assert.equal(answer.owner, null, 'an admin sees everyone');
      const expected = expectedRows(jobs, by, () => answer.from);
      assertRows(answer.rows, expected, `by ${by}`);
    }
    const bio = await report(stack.adminToken, '?by=group&name=bio');
    assert.deepEqual(
      bio.rows.map((r) => [r.name, r.jobs]),
      [['bio', 3]],
    );
  });

  test('a job that burns a known cpu time is charged that time, in its record and the report', async () => {
    const burner = jobs[1] as JobView;
    const logs = await call(stack.url, 'GET', `${v1}/jobs/${burner.id}/logs`, {
      token: tokens.ann ?? '',
    });
    const printed = Number(/^(\d+)$/m.exec(logs.text)?.[1]);
    // cgroup v1 counts nanoseconds, v2 microseconds.
    const seenInside = printed > 1e8 ? printed / 1e9 : printed / 1e6;
    assert.ok(seenInside > 0.2, `the job saw ${seenInside} s (${logs.text})`);
    // Job views carry cpu seconds to the millisecond, rounded to the nearest.
    assert.ok(
      burner.cpuSeconds >= seenInside - 0.0005 && burner.cpuSeconds < seenInside + 0.3,
      `recorded ${burner.cpuSeconds}, seen inside ${seenInside}`,
    );
    const others = jobs
      .filter((j) => j.owner === 'ann' && j.id !== burner.id)
      .reduce((sum, j) => sum + j.cpuSeconds, 0);
    const own = await report(tokens.ann ?? '', '?by=user&granularity=total');
    const charged = (own.rows.find((r) => r.name === 'ann')?.cpuHours ?? 0) * hour;
    assert.ok(
      charged >= seenInside - 0.0005 && charged < seenInside + 0.3 + others,
      `ann is charged ${charged} cpu seconds; her busy job saw ${seenInside}, the others used ${others}`,
    );
  });

  test('day, week and month buckets hold each job by its UTC finish time', async () => {
    const buckets = {
      day: (j: JobView) => day(j.finishedAt ?? ''),
      week: (j: JobView) => monday(j.finishedAt ?? ''),
      month: (j: JobView) => month(j.finishedAt ?? ''),
    };
    for (const [granularity, bucket] of Object.entries(buckets)) {
      const answer = await report(stack.adminToken, `?by=user&granularity=${granularity}`);
      assertRows(answer.rows, expectedRows(jobs, 'user', bucket), granularity);
    }
    const today = new Date().toISOString().slice(0, 10);
    const daily = await report(stack.adminToken, '?by=queue&granularity=day');
    // Unless the run straddled midnight UTC, every job is in today's bucket.
    if (jobs.every((j) => day(j.finishedAt ?? '') === today))
      assert.deepEqual([...new Set(daily.rows.map((r) => r.period))], [today]);
    const early = await report(
      stack.adminToken,
      `?to=${encodeURIComponent(jobs[0]?.submittedAt ?? '')}`,
    );
    assert.deepEqual(early.rows, [], 'nothing finished before the first submission');
  });

  test('fair share is charged the same cpu and memory, once per job that ran', async () => {
    const db = await mysql.createConnection(stack.config.mysqlUrl);
    try {
      const [rows] = await db.query<RowDataPacket[]>(
        "SELECT account_name, cpu_seconds, memory_mib_seconds FROM account_usage WHERE account_kind = 'user'",
      );
      for (const row of expectedRows(jobs, 'user', () => 'all')) {
        const charged = rows.find((r) => r.account_name === row.name);
        assert.ok(charged, `${row.name} has a fair-share total`);
        // Decay over a few seconds with a 7-day half-life changes the figures by under 0.01 %.
        const near = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.max(b, 1e-3);
        assert.ok(near(Number(charged.cpu_seconds), row.cpuHours * hour), `${row.name} cpu`);
        assert.ok(
          near(Number(charged.memory_mib_seconds), row.memoryGiBHours * 1024 * hour),
          `${row.name} memory`,
        );
      }
    } finally {
      await db.end();
    }
  });

  test('CSV is the JSON report as text/csv, with a header line', async () => {
    const query = '?by=project&granularity=day';
    const json = await report(stack.adminToken, query);
    const answer = await call(stack.url, 'GET', `${v1}/usage${query}&format=csv`, {
      token: stack.adminToken,
    });
    assert.equal(answer.status, 200, answer.text);
    assert.match(String(answer.text), /\r\n$/);
    const [header, ...records] = parseCsv(answer.text);
    assert.deepEqual(header, Object.keys(json.rows[0] ?? {}));
    const back = records.map((r) =>
      Object.fromEntries(
        (header ?? []).map((key, i): [string, string | number | null] => {
          const cell = r[i] ?? '';
          if (['period', 'kind', 'name'].includes(key)) return [key, cell];
          return [key, cell === '' ? null : Number(cell)];
        }),
      ),
    );
    assert.deepEqual(back, json.rows);
    const head = await fetch(`${stack.url}${v1}/usage?format=csv`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    assert.match(head.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
  });

  test('a user sees only their own jobs; a manager sees the project they manage', async () => {
    const ann = tokens.ann ?? '';
    const own = jobs.filter((j) => j.owner === 'ann');
    const mine = await report(ann, '?by=user');
    assert.equal(mine.owner, 'ann');
    assertRows(
      mine.rows,
      expectedRows(own, 'user', () => mine.from),
      'ann by user',
    );
    const groups = await report(ann, '?by=group');
    assertRows(
      groups.rows,
      expectedRows(own, 'group', () => groups.from),
      'ann by group',
    );
    const asMember = await report(ann, '?by=project&name=genome');
    assert.deepEqual(
      asMember.rows.map((r) => r.jobs),
      [1],
      'a member counts only their own jobs',
    );
    const ben = jobs.filter((j) => j.owner === 'ben');
    const queues = await report(tokens.ben ?? '', '?by=queue');
    assertRows(
      queues.rows,
      expectedRows(ben, 'queue', () => queues.from),
      'ben by queue',
    );

    const other = await usage(ann, '?by=user&name=ben');
    assert.equal(other.status, 403, other.text);
    assert.match(other.text, /query\.name: only admins see the usage of other users/);

    const genome = jobs.filter((j) => j.project === 'genome');
    const managed = await report(tokens.pam ?? '', '?by=project&name=genome');
    assert.equal(managed.owner, null, 'the manager sees every member of the project');
    assertRows(
      managed.rows,
      expectedRows(genome, 'project', () => managed.from),
      'pam genome',
    );
    const unnamed = await report(tokens.pam ?? '', '?by=project');
    assert.deepEqual(unnamed.rows, [], 'without a name the manager sees their own jobs: none');
  });

  test('bad queries are refused with 400 naming the field', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?by=team', /query\.by: Invalid option/],
      ['?granularity=year', /query\.granularity: Invalid option/],
      ['?format=xml', /query\.format: Invalid option/],
      ['?from=yesterday', /query\.from: use an ISO 8601 date or date-time/],
      ['?to=2025-02-30', /query\.to: use an ISO 8601 date/],
      ['?from=2025-03-02&to=2025-03-01', /query\.from: must be before query\.to/],
      ['?from=2020-01-01&to=2024-01-01', /query\.from: a report covers at most 1096 days/],
      ['?name=Not%20A%20Name', /query\.name: use 1-32 lowercase letters/],
      ['?colour=red', /query: unknown field colour/],
    ];
    for (const [query, message] of cases) {
      const answer = await usage(tokens.ann ?? '', query);
      assert.equal(answer.status, 400, `${query}: ${answer.text}`);
      assert.match(answer.text, message, query);
    }
  });

  test('godocker usage prints a table, CSV and one-line errors', async () => {
    const env = (token: string) => ({
      GODOCKER_URL: stack.url,
      GODOCKER_TOKEN: token,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, 'xdg'),
    });
    const table = await runCli(['usage', '--by', 'group'], env(stack.adminToken));
    assert.equal(table.code, 0, showRun(table));
    assert.match(table.stdout, /^Usage by group in total, \S+ to \S+ \(UTC\)$/m);
    assert.match(
      table.stdout,
      /^GROUP\s+JOBS\s+SUCCEEDED\s+FAILED\s+KILLED\s+CPU H\s+MEM GIB-H\s+WALL H\s+MEAN WAIT$/m,
    );
    assert.match(
      table.stdout,
      /^bio\s+3\s+2\s+1\s+0\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\ds$/m,
    );
    assert.match(
      table.stdout,
      /^chem\s+3\s+1\s+0\s+2\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\ds$/m,
    );

    const from = jobs[0]?.submittedAt ?? '';
    const to = new Date().toISOString();
    const csv = await runCli(
      ['usage', '--by', 'user', '--from', from, '--to', to, '--granularity', 'day', '--csv'],
      env(tokens.ann ?? ''),
    );
    assert.equal(csv.code, 0, showRun(csv));
    const direct = await call(
      stack.url,
      'GET',
      `${v1}/usage?by=user&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&granularity=day&format=csv`,
      { token: tokens.ann ?? '' },
    );
    assert.equal(csv.stdout, direct.text, 'the CLI prints the API CSV as it is');
    const [, ...annRows] = parseCsv(csv.stdout);
    assert.ok(annRows.length >= 1, 'ann has at least one day of usage');
    assert.ok(
      annRows.every((r) => r[2] === 'ann'),
      'and nobody else’s',
    );

    const monthly = await runCli(
      ['usage', '--by', 'queue', '--granularity', 'month', '--json'],
      env(stack.adminToken),
    );
    assert.equal(monthly.code, 0, showRun(monthly));
    const viaApi = await report(stack.adminToken, '?by=queue&granularity=month');
    const printed = JSON.parse(monthly.stdout) as UsageReport;
    assert.deepEqual(printed.rows, viaApi.rows, '--json prints the API report');
    assert.ok(
      printed.rows.every((r) => /^\d{4}-\d{2}-01$/.test(r.period)),
      'month periods',
    );
    const weekly = await runCli(['usage', '--granularity', 'week'], env(tokens.ann ?? ''));
    assert.equal(weekly.code, 0, showRun(weekly));
    assert.match(weekly.stdout, /^Usage by user per week, /m);

    const refused = await runCli(['usage', '--name', 'ben'], env(tokens.ann ?? ''));
    assert.equal(refused.code, 1, showRun(refused));
    assert.equal(
      refused.stderr.trim(),
      'Error: query.name: only admins see the usage of other users; leave name out or use ann',
    );
    const badDate = await runCli(['usage', '--from', 'last tuesday'], env(tokens.ann ?? ''));
    assert.equal(badDate.code, 2, showRun(badDate));
    assert.match(
      badDate.stderr.trim(),
      /^Error: --from: cannot read 'last tuesday': use an ISO 8601/,
    );
    assert.equal(badDate.stderr.trim().split('\n').length, 1, 'one line');
    for (const [args, message] of [
      [['--by', 'team'], "Error: --by: 'team' is not one of user, group, project, queue"],
      [
        ['--since', '7d', '--to', to],
        'Error: --since: give either --since or --from/--to, not both',
      ],
    ] as const) {
      const refusedFlag = await runCli(['usage', ...args], env(tokens.ann ?? ''));
      assert.equal(refusedFlag.code, 2, showRun(refusedFlag));
      assert.equal(refusedFlag.stderr.trim(), message);
    }
  });
});

describe('migration 008 on usage recorded before it', () => {
  test('old records get their details from their jobs; jobs that never started get a record', async () => {
    const database = `gdt_usage_${Date.now().toString(36)}`;
    const { mysqlUrl } = testServices();
    const admin = await mysql.createConnection(mysqlUrl);
    await admin.query(`CREATE DATABASE ${database}`);
    const pool = createPool(mysqlUrl.replace(/\/[^/?]*(\?|$)/, `/${database}$1`));
    const upTo7 = await mkdtemp(path.join(tmpdir(), 'godocker-migrations-'));
    try {
      for (const file of await readdir(migrationsDir))
        if (/^00[1-7]_.*\.sql$/.test(file))
          await copyFile(path.join(migrationsDir, file), path.join(upTo7, file));
      await migrate(pool, upTo7);
      await pool.query(
        `INSERT INTO users (id, username, uid, gid, groups_json, home, created_at)
         VALUES (1, 'old', 3001, 3001, '[]', '/home/old', '2025-01-01')`,
      );
      const job = `INSERT INTO jobs (id, owner_id, owner, name, image, command, cpus, memory_mib,
          max_lifetime_s, uid, gid, groups_json, home, state, exit_code, submitted_at, started_at,
          finished_at, updated_at)
        VALUES (?, 1, 'old', 'j', 'godocker/busybox', 'true', 1, 2048, 60, 3001, 3001, '[]',
          '/home/old', ?, ?, '2025-01-01 10:00:00', ?, '2025-01-01 12:00:00', '2025-01-01 12:00:00')`;
      await pool.query(job, [1, 'failed', 3, '2025-01-01 10:00:30.500']);
      await pool.query(job, [2, 'killed', null, null]);
      await pool.query(
        `INSERT INTO usage_records (job_id, owner, group_name, project, queue, finished_at,
           cpu_seconds, memory_mib_seconds)
         VALUES (1, 'old', 'users', 'default', 'default', '2025-01-01 12:00:00', 5000, 14683648)`,
      );
      const usageDetails = '008_usage_details.sql';
      await copyFile(path.join(migrationsDir, usageDetails), path.join(upTo7, usageDetails));
      assert.deepEqual(await migrate(pool, upTo7), [8]);
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT job_id, state, exit_code, wall_seconds, wait_seconds, memory_mib, cpu_seconds,
           memory_mib_seconds FROM usage_records ORDER BY job_id`,
      );
      assert.deepEqual(
        rows.map((r) => ({ ...r })),
        [
          {
            job_id: 1,
            state: 'failed',
            exit_code: 3,
            wall_seconds: 7169.5,
            wait_seconds: 30.5,
            memory_mib: 2048,
            cpu_seconds: 5000,
            memory_mib_seconds: 14683648,
          },
          {
            job_id: 2,
            state: 'killed',
            exit_code: null,
            wall_seconds: 0,
            wait_seconds: null,
            memory_mib: 2048,
            cpu_seconds: 0,
            memory_mib_seconds: 0,
          },
        ],
      );
    } finally {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
      await rm(upTo7, { recursive: true, force: true });
    }
  });
});
