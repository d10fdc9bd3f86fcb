import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import WebSocket from 'ws';
import type { AuditEvent } from '../../core/audit';
import { containerName } from '../../core/executor';
import { shellProtocol, tokenProtocolPrefix } from '../../core/interactive';
import type { JobView } from '../../core/job';
import { runCli, showRun } from '../support/cli';
import { testServices } from '../support/env';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

const idleSeconds = 6;

/** One websocket attachment as a test drives it: everything received, and the exit frame. */
interface Attached {
  ws: WebSocket;
  text(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  type(keys: string): void;
  control(message: Record<string, unknown>): void;
  exit: Promise<number | undefined>;
}

function wsUrl(stack: Stack, id: number, query = 'tty=1&rows=24&cols=80'): string {
  return `${stack.url.replace(/^http/, 'ws')}/api/v1/jobs/${id}/shell?${query}`;
}

/** Opens an attachment; resolves with it, or with the HTTP status that refused the upgrade. */
function attach(
  url: string,
  auth: { header?: string; protocolToken?: string },
): Promise<Attached | { refused: number; body: string }> {
  const protocols: string[] = [shellProtocol];
  if (auth.protocolToken) protocols.push(`${tokenProtocolPrefix}${auth.protocolToken}`);
  const ws = new WebSocket(url, protocols, {
    headers: auth.header ? { authorization: `Bearer ${auth.header}` } : {},
  });
  let received = '';
  let exitCode: number | undefined;
  const waiters = new Set<() => void>();
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) received += data.toString();
    else exitCode = (JSON.parse(data.toString()) as { code?: number }).code;
    for (const wake of waiters) wake();
  });
  const exit = new Promise<number | undefined>((resolve) =>
    ws.on('close', () => resolve(exitCode)),
  );
  const attached: Attached = {
    ws,
    text: () => received,
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(received);
          if (!match) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} in ${JSON.stringify(received)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    type: (keys) => ws.send(Buffer.from(keys), { binary: true }),
    control: (message) => ws.send(JSON.stringify(message)),
    exit,
  };
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve(attached));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ refused: res.statusCode ?? 0, body }));
    });
    ws.on('error', reject);
  });
}

async function open(url: string, token: string): Promise<Attached> {
  const result = await attach(url, { header: token });
  if ('refused' in result) throw new Error(`attach refused: ${result.refused} ${result.body}`);
  return result;
}

async function submit(stack: Stack, token: string, body: Record<string, unknown>): Promise<number> {
  const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
    token,
    body: { image: 'godocker/busybox', memoryMiB: 32, cpus: 0.1, ...body },
  });
  assert.equal(answer.status, 201, answer.text);
  await stack.waitForJob(token, answer.body.id, (j) => j.state === 'running');
  return answer.body.id;
}

describe('interactive jobs: shells over a websocket, exec, idle timeout', () => {
  let stack: Stack;
  let alice: string;
  let bob: string;
  let jobId: number;
  let keeper: Attached;
  let keeperTicks: NodeJS.Timeout | undefined;
  const cliEnv = () => ({ GODOCKER_URL: stack.url, GODOCKER_TOKEN: alice });

  before(async () => {
    stack = await startStack({ interactiveIdleSeconds: idleSeconds });
    alice = await stack.createUser('alice', 4101);
    bob = await stack.createUser('bob', 4102);
    jobId = await submit(stack, alice, { interactive: true, command: 'echo ready > setup.txt' });
    // An attachment in use keeps the job from idling out while the tests below take their time.
    keeper = await open(wsUrl(stack, jobId), alice);
    keeperTicks = setInterval(() => keeper.type(':\r'), 1000);
  });
  after(async () => {
    clearInterval(keeperTicks);
    await stack?.stop();
  });

  test('a shell runs as the owner, in the home, on a terminal that resizes', async () => {
    const shell = await open(wsUrl(stack, jobId), alice);
    shell.type('id -u; echo "home=$HOME"; tty; cat setup.txt\r');
    const [, home] = await shell.waitFor(/4101\r\nhome=(\S+)\r\n\/dev\/pts\/\d+\r\nready\r\n/);
    assert.match(home ?? '', /alice$/);
    shell.control({ type: 'resize', rows: 33, cols: 111 });
    shell.type('stty size\r');
    await shell.waitFor(/\r\n33 111\r\n/);
    shell.type('sleep 100; echo not-interrupted\r');
    await new Promise((resolve) => setTimeout(resolve, 500));
    shell.type('\x03');
    shell.type('echo back-$((40+2))\r');
    await shell.waitFor(/back-42\r\n/);
    // The echo of the typed line has `echo not-interrupted`; only its output starts a line.
    assert.doesNotMatch(shell.text(), /\nnot-interrupted/, 'Ctrl-C reached the sleep');
    shell.type('exit 7\r');
    assert.equal(await shell.exit, 7);
  });

  test('two attachments at once each get their own shell', async () => {
    const first = await open(wsUrl(stack, jobId), alice);
    const second = await open(wsUrl(stack, jobId), alice);
    first.type('echo pid-$$\r');
    second.type('echo pid-$$\r');
    const [, a] = await first.waitFor(/pid-(\d+)\r\n/);
    const [, b] = await second.waitFor(/pid-(\d+)\r\n/);
    assert.notEqual(a, b);
    // The previous test's attachment is forgotten a moment after its close frame.
    let openNow = 0;
    for (let i = 0; i < 50; i++) {
      const info = await call<{ openSessions: number }>(
        stack.url,
        'GET',
        `/api/v1/jobs/${jobId}/shell`,
        { token: alice },
      );
      openNow = info.body.openSessions;
      if (openNow === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(openNow, 3, 'the keeper and these two');
    first.type('exit 1\r');
    second.type('exit 2\r');
    assert.deepEqual(await Promise.all([first.exit, second.exit]), [1, 2]);
  });

  test('a browser carries its token in a subprotocol, which is never echoed', async () => {
    const shell = await attach(wsUrl(stack, jobId), { protocolToken: alice });
    assert.ok(!('refused' in shell), JSON.stringify(shell));
    assert.equal(shell.ws.protocol, shellProtocol);
    shell.type('exit 0\r');
    assert.equal(await shell.exit, 0);
  });

  test('only the owner attaches: 401 without token, 404 for others and admins, 403 for a read token, 409 for batch jobs', async () => {
    const status = async (auth: { header?: string }, id = jobId) => {
      const result = await attach(wsUrl(stack, id), auth);
      if ('refused' in result) return result;
      result.ws.close();
      return { refused: 101, body: 'attached' };
    };
    assert.equal((await status({})).refused, 401);
    const asBob = await status({ header: bob });
    assert.equal(asBob.refused, 404);
    assert.match(asBob.body, /no job \d+ among your jobs/);
    assert.equal((await status({ header: stack.adminToken })).refused, 404);
    const created = await call<{ token: string }>(stack.url, 'POST', '/api/v1/tokens', {
      token: alice,
      body: { name: 'read only', scope: 'read' },
    });
    assert.equal((await status({ header: created.body.token })).refused, 403);
    const batch = await submit(stack, alice, { command: 'sleep 60' });
    const refusal = await status({ header: alice }, batch);
    assert.equal(refusal.refused, 409);
    assert.match(refusal.body, /not interactive/);
    const info = await call<{ attachable: boolean; reason: string }>(
      stack.url,
      'GET',
      `/api/v1/jobs/${batch}/shell`,
      { token: alice },
    );
    assert.equal(info.body.attachable, false);
    assert.equal(
      (await call(stack.url, 'DELETE', `/api/v1/jobs/${batch}`, { token: alice })).status,
      202,
    );
    await stack.waitForJob(alice, batch, (j) => j.state === 'killed');
    // Attachments and refusals of logged-in callers are in the audit log.
    const audit = await call<{ events: AuditEvent[] }>(
      stack.url,
      'GET',
      `/api/v1/audit?action=job.shell&target=job/${jobId}`,
      { token: stack.adminToken },
    );
    assert.equal(audit.status, 200, audit.text);
    const seen = new Set(audit.body.events.map((e) => `${e.actor} ${e.outcome}`));
    for (const entry of ['alice ok', 'bob refused', 'admin refused'])
      assert.ok(seen.has(entry), `${entry} in ${[...seen].join(', ')}`);
  });

  test('godocker job exec runs a one-off command: output apart, exit code propagated', async () => {
    const run = await runCli(
      ['job', 'exec', String(jobId), '--', 'sh', '-c', 'echo out; echo err >&2; id -u; exit 3'],
      cliEnv(),
    );
    assert.equal(run.code, 3, showRun(run));
    assert.equal(run.stdout, 'out\n4101\n');
    assert.equal(run.stderr, 'err\n');
    const asBob = await runCli(['job', 'exec', String(jobId), '--', 'true'], {
      ...cliEnv(),
      GODOCKER_TOKEN: bob,
    });
    assert.equal(asBob.code, 1, showRun(asBob));
    assert.match(asBob.stderr, /no job \d+ among your jobs/);
  });

  test('godocker job shell with piped stdin runs the commands without a TTY', async () => {
    const run = await runCli(['job', 'shell', String(jobId)], cliEnv(), 'id -u\ntty\nexit 4\n');
    assert.equal(run.code, 4, showRun(run));
    assert.equal(run.stdout, '4101\nnot a tty\n');
    assert.match(run.stderr, /stdin is not a terminal/);
  });

  test('godocker job shell on a pseudo-terminal: raw mode, the remote tty, its exit code', async () => {
    // Python's pty module gives the CLI a terminal, as a user's would be.
    const runJs = path.resolve(__dirname, '..', '..', '..', 'bin', 'run.js');
    const script =
      'import pty, sys, os; os.environ["COLUMNS"]="90"; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))';
    const child = spawn(
      'python3',
      ['-c', script, process.execPath, runJs, 'job', 'shell', String(jobId)],
      { env: { ...process.env, ...cliEnv() }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ended = new Promise<number | null>((resolve) => child.on('close', resolve));
    const until = async (pattern: RegExp) => {
      for (let i = 0; i < 100 && !pattern.test(output); i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      assert.match(output, pattern);
    };
    try {
      await until(/alice \$ /);
      child.stdin.write('tty; echo "uid=$(id -u)"\r');
      await until(/uid=4101/);
      child.stdin.end('exit 6\r');
      assert.equal(await ended, 6, output);
      assert.match(output, /\/dev\/pts\/\d+/);
    } finally {
      child.kill();
    }
  });

  test('no host port is published and the container keeps the batch security defaults', async () => {
    const docker = new Docker({ socketPath: testServices().dockerSocket });
    const info = await docker.getContainer(containerName(stack.config.instance, jobId)).inspect();
    const bindings = (info.HostConfig.PortBindings ?? {}) as Record<string, unknown>;
    assert.deepEqual(Object.keys(bindings), [], 'no port bindings');
    assert.ok(!info.Config.ExposedPorts || Object.keys(info.Config.ExposedPorts).length === 0);
    assert.equal(info.HostConfig.NetworkMode, stack.config.jobs.network);
    assert.equal(info.HostConfig.Privileged, false);
    assert.deepEqual(info.HostConfig.CapDrop, ['ALL']);
    assert.equal(info.Config.User, '4101:4101');
    // The limits and mounts of the request, as for a batch job.
    assert.equal(info.HostConfig.Memory, 32 * 1024 * 1024);
    assert.equal(info.HostConfig.NanoCpus, 0.1 * 1e9);
    assert.ok((info.HostConfig.PidsLimit ?? 0) > 0, 'a pids limit');
    assert.deepEqual(info.HostConfig.SecurityOpt, ['no-new-privileges:true']);
    const job = await call<JobView>(stack.url, 'GET', `/api/v1/jobs/${jobId}`, { token: alice });
    assert.deepEqual(
      (info.Mounts ?? []).map((m) => m.Destination).sort(),
      job.body.mounts.map((m) => m.containerPath).sort(),
      'the home and nothing else',
    );
  });

  test('the max lifetime ends an interactive job even while its shell is in use', async () => {
    const short = await submit(stack, alice, { interactive: true, maxLifetimeSeconds: 4 });
    await stack.waitForJob(alice, short, (j) => j.state === 'running');
    const busy = await open(wsUrl(stack, short), alice);
    const typing = setInterval(() => busy.type(':\r'), 500);
    try {
      const ended = await stack.waitForJob(alice, short, (j) => j.finishedAt !== null, 30_000);
      assert.equal(ended.state, 'killed');
      assert.match(ended.reason ?? '', /^MaxLifetime: ran longer than its 4 s limit/);
      await busy.exit;
    } finally {
      clearInterval(typing);
    }
  });

  test('a job nobody uses ends killed at the idle limit, attached or not; one in use stays', async () => {
    const reason = `IdleTimeout: no input or output for ${idleSeconds} s`;
    const idle = await submit(stack, alice, { interactive: true });
    const ended = await stack.waitForJob(alice, idle, (j) => j.state === 'killed', 30_000);
    assert.equal(ended.reason, reason);

    // A shell left open with nothing typed (a forgotten terminal) does not hold its job.
    const forgotten = await submit(stack, alice, { interactive: true });
    await stack.waitForJob(alice, forgotten, (j) => j.state === 'running');
    const untouched = await open(wsUrl(stack, forgotten), alice);
    const gone = await stack.waitForJob(alice, forgotten, (j) => j.state === 'killed', 30_000);
    assert.equal(gone.reason, reason);
    await untouched.exit; // the attachment ends with its container

    const kept = await call<JobView>(stack.url, 'GET', `/api/v1/jobs/${jobId}`, { token: alice });
    assert.equal(kept.body.state, 'running', 'the keeper, typing every second, holds its job');
    assert.equal(kept.body.interactive, true);
    // Once it stops typing and closes, the idle limit runs from its close.
    clearInterval(keeperTicks);
    keeper.type('exit\r');
    assert.equal(await keeper.exit, 0);
    const closed = await stack.waitForJob(alice, jobId, (j) => j.state === 'killed', 30_000);
    assert.equal(closed.reason, reason);
  });
});
