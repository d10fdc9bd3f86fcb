import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { Readable } from 'node:stream';
import type { ContainerSpec, Executor } from '../../core/executor';

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

/** The behaviour every executor (Docker now; Swarm and Kubernetes later) must show. */
export function executorContract(name: string, makeExecutor: () => Executor, image: string): void {
  describe(`executor contract: ${name}`, () => {
    const executor = makeExecutor();
    const prefix = `godocker-contract-${randomBytes(3).toString('hex')}`;
    const made: string[] = [];
    const spec = (
      suffix: string,
      script: string,
      extra: Partial<ContainerSpec> = {},
    ): ContainerSpec => {
      const containerName = `${prefix}-${suffix}`;
      made.push(containerName);
      return {
        name: containerName,
        image,
        script,
        uid: 4321,
        gid: 4322,
        groups: [4323],
        workingDir: '/tmp',
        env: { HOME: '/tmp', GREETING: 'hello' },
        mounts: [],
        cpus: 0.5,
        memoryMiB: 32,
        labels: { 'org.godocker.contract': prefix },
        ...extra,
      };
    };
    after(async () => {
      for (const n of made) await executor.remove(n);
    });

    test('reports capacity and which images it has', async () => {
      const nodes = await executor.capacity();
      assert.ok(nodes.length >= 1);
      for (const node of nodes)
        assert.ok(node.cpus > 0 && node.memoryMiB > 0 && node.node.length > 0);
      assert.equal(await executor.hasImage(image), true);
      assert.equal(await executor.hasImage('godocker/does-not-exist:0'), false);
    });

    test('launch is idempotent by name: a second launch finds the first container', async () => {
      const s = spec('idem', 'echo "$GREETING"; sleep 2');
      const first = await executor.launch(s);
      const second = await executor.launch(s);
      assert.equal(first.state, 'running');
      assert.equal(second.node, first.node);
      const exit = await executor.wait(s.name);
      assert.deepEqual(exit, { exitCode: 0, oomKilled: false });
      assert.equal(await readAll(await executor.logs(s.name, false)), 'hello\n', 'ran once');
    });

    test('exit codes, combined output and a followed log that ends with the container', async () => {
      const s = spec('exit', 'echo out; echo err >&2; sleep 1; echo late; exit 7');
      await executor.launch(s);
      const followed = readAll(await executor.logs(s.name, true));
      assert.deepEqual(await executor.wait(s.name), { exitCode: 7, oomKilled: false });
      const text = await followed;
      assert.deepEqual(text.split('\n').filter(Boolean).sort(), ['err', 'late', 'out']);
      assert.deepEqual(await executor.inspect(s.name), {
        state: 'exited',
        node: (await executor.capacity())[0]?.node,
        exitCode: 7,
        oomKilled: false,
      });
    });

    test('the memory limit is enforced and an OOM kill is reported as such', async () => {
      const s = spec('oom', 'head -c 200m /dev/zero | tail > /dev/null', { memoryMiB: 16 });
      await executor.launch(s);
      const exit = await executor.wait(s.name);
      assert.equal(exit.oomKilled, true);
      assert.notEqual(exit.exitCode, 0);
    });

    test('the fixed security defaults hold inside the container', async () => {
      const s = spec(
        'sec',
        'id -u; id -g; id -G; grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status; cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max',
      );
      await executor.launch(s);
      await executor.wait(s.name);
      const lines = (await readAll(await executor.logs(s.name, false))).trim().split('\n');
      assert.equal(lines[0], '4321');
      assert.equal(lines[1], '4322');
      assert.deepEqual(lines[2]?.split(' ').sort(), ['4322', '4323']);
      assert.match(lines[3] ?? '', /^CapEff:\s+0000000000000000$/);
      assert.match(lines[4] ?? '', /^NoNewPrivs:\s+1$/);
      assert.match(lines[5] ?? '', /^Seccomp:\s+2$/);
      assert.match(lines[6] ?? '', /^\d+$/, 'a pids limit is set');
    });

    test('reports the cpu time a running container used, within its cpu limit', async () => {
      const s = spec('usage', 'yes > /dev/null', { cpus: 0.5 });
      await executor.launch(s);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const usage = await executor.usage(s.name);
      assert.ok(usage, 'a running container has usage');
      // 0.5 cpu for about 3 s: about 1.5 cpu-seconds, never much more.
      assert.ok(
        usage.cpuSeconds > 0.8 && usage.cpuSeconds < 2.0,
        `cpu seconds ${usage.cpuSeconds}`,
      );
      assert.ok(usage.memoryBytes > 0);
      assert.equal(usage.memoryLimitBytes, s.memoryMiB * 1024 * 1024, 'the limit it runs under');
      assert.ok(usage.pids >= 1, `pids ${usage.pids}`);
      assert.ok(usage.blockReadBytes >= 0 && usage.blockWriteBytes >= 0);
      assert.ok(usage.netRxBytes >= 0 && usage.netTxBytes >= 0);
      await executor.kill(s.name);
      assert.equal(await executor.usage(s.name), undefined, 'a stopped container reports none');
    });

    test('exec runs a process in the running container as the given uid, with a tty or with pipes', async () => {
      const s = spec('exec', 'sleep 60');
      await executor.launch(s);
      const base = { uid: 4321, gid: 4322, workingDir: '/tmp', env: { SEEN: 'yes' } };
      const piped = await executor.exec(s.name, {
        ...base,
        cmd: ['/bin/sh', '-c', 'id -u; id -G; pwd; echo "$SEEN"; cat; echo oops >&2; exit 3'],
        tty: false,
      });
      piped.stdin.end('typed\n');
      const [out, err, code] = await Promise.all([
        readAll(piped.stdout),
        readAll(piped.stderr),
        piped.exitCode(),
      ]);
      const lines = out.trim().split('\n');
      assert.equal(lines[0], '4321');
      assert.deepEqual(lines[1]?.split(' ').sort(), ['4322', '4323'], 'the container groups');
      assert.deepEqual(lines.slice(2), ['/tmp', 'yes', 'typed']);
      assert.equal(err, 'oops\n');
      assert.equal(code, 3);
      const terminal = await executor.exec(s.name, {
        ...base,
        cmd: ['/bin/sh', '-c', 'read a; stty size; read b; stty size; tty; exit 5'],
        tty: true,
        size: { rows: 30, cols: 100 },
      });
      let seen = '';
      terminal.stdout.on('data', (chunk: Buffer) => void (seen += chunk.toString()));
      const output = readAll(terminal.stdout);
      // The size asked for at the start holds before any resize.
      terminal.stdin.write('one\r');
      const deadline = Date.now() + 10_000;
      while (!/\d+ \d+\r\n/.test(seen) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.match(seen, /^(?:one\r\n)?30 100\r\n/, 'the starting size');
      await terminal.resize(40, 120);
      terminal.stdin.write('two\r');
      assert.equal(await terminal.exitCode(), 5);
      assert.match(await output, /30 100\r\n[\s\S]*40 120\r\n\/dev\/pts\/\d+/);
      await executor.kill(s.name);
      await assert.rejects(
        executor.exec(s.name, { ...base, cmd: ['true'], tty: false }),
        /not running/,
        'no exec in a stopped container',
      );
    });

    test('kill stops a running container within seconds; kill, remove and inspect of missing ones are harmless', async () => {
      const s = spec('kill', 'sleep 300');
      await executor.launch(s);
      const started = Date.now();
      await executor.kill(s.name);
      assert.equal((await executor.inspect(s.name))?.state, 'exited');
      assert.ok(Date.now() - started < 15_000);
      await executor.kill(s.name);
      await executor.remove(s.name);
      await executor.remove(s.name);
      assert.equal(await executor.inspect(s.name), undefined);
      await executor.kill(`${prefix}-never-made`);
    });
  });
}
