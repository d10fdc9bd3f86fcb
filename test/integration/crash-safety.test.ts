import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JobView } from '../../core/job';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    const onData = (data: Buffer) => {
      seen += data.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before ${pattern}:\n${seen}`));
    });
  });
}

function sigkill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Every container id seen per job, sampled until stopped: two ids for one job would be a double run. */
function watchContainers(stack: Stack) {
  const seen = new Map<string, Set<string>>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const c of await stack.containers()) {
        const job = c.Labels['org.godocker.job'] ?? '?';
        seen.set(job, (seen.get(job) ?? new Set()).add(c.Id));
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}

async function runsRecorded(stack: Stack, user: string): Promise<string[]> {
  const text = await readFile(
    path.join(stack.config.dataDir, 'homes', user, 'runs.txt'),
    'utf8',
  ).catch(() => '');
  return text.split('\n').filter(Boolean);
}

describe('crash safety', () => {
  describe('kill -9 of the worker while jobs run', () => {
    let stack: Stack;
    let token: string;
    before(async () => {
      stack = await startStack({}, { inProcessWorker: false });
      token = await stack.createUser('frank', 2401);
    });
    after(async () => stack?.stop());

    test('running jobs are re-attached to the same container, finish, and are recorded once', async () => {
      let worker = stack.spawn('worker');
      await waitForLine(worker, /worker running/);
      const watcher = watchContainers(stack);
      const ids: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
          token,
          body: {
            image: 'godocker/busybox',
            memoryMiB: 32,
            cpus: 0.25,
            command: 'echo "$GODOCKER_JOB_ID" >> runs.txt; echo start; sleep 8; echo end',
          },
        });
        assert.equal(answer.status, 201, answer.text);
        ids.push(answer.body.id);
      }
      for (const id of ids) await stack.waitForJob(token, id, (j) => j.state === 'running');
      await sigkill(worker);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      assert.equal(
        (await stack.containers()).filter((c) => c.State === 'running').length,
        4,
        'containers outlive the worker',
      );
      worker = stack.spawn('worker');
      for (const id of ids) {
        const done = await stack.waitForJob(token, id, (j) => j.finishedAt !== null, 90_000);
        assert.equal(done.state, 'succeeded', JSON.stringify(done));
        assert.equal(done.history?.filter((h) => h.state === 'running').length, 1);
        assert.equal(done.history?.filter((h) => h.state === 'succeeded').length, 1);
        const logs = await call(stack.url, 'GET', `/api/v1/jobs/${id}/logs`, { token });
        assert.equal(
          logs.text,
          'start\nend\n',
          'output stored once, nothing doubled by the re-attach',
        );
      }
      const seen = await watcher.stop();
      for (const id of ids)
        assert.equal(seen.get(String(id))?.size, 1, `job ${id} ran in exactly one container`);
      assert.deepEqual((await runsRecorded(stack, 'frank')).sort(), ids.map(String).sort());
      await sigkill(worker);
    });
  });

  describe('kill -9 of the API while submitting', () => {
    let stack: Stack;
    let token: string;
    before(async () => {
      stack = await startStack();
      token = await stack.createUser('grace', 2402);
    });
    after(async () => stack?.stop());

    test('every submission that got a 201 exists and runs exactly once', async () => {
      const port = String(20000 + Math.floor(Math.random() * 20000));
      const url = `http://127.0.0.1:${port}`;
      let api = stack.spawn('api', { GODOCKER_PORT: port });
      await waitForLine(api, /listening/);
      const accepted: number[] = [];
      let stop = false;
      const submitter = async () => {
        while (!stop) {
          try {
            const answer = await call<JobView>(url, 'POST', '/api/v1/jobs', {
              token,
              body: {
                image: 'godocker/busybox',
                memoryMiB: 16,
                cpus: 0.1,
                command: 'echo "$GODOCKER_JOB_ID" >> runs.txt',
              },
            });
            if (answer.status === 201) accepted.push(answer.body.id);
          } catch {
            // The API is down: the client sees a connection error and has no 201.
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      };
      const submitters = [submitter(), submitter(), submitter()];
      while (accepted.length < 15) await new Promise((resolve) => setTimeout(resolve, 20));
      await sigkill(api);
      await new Promise((resolve) => setTimeout(resolve, 500));
      stop = true;
      await Promise.all(submitters);
      api = stack.spawn('api', { GODOCKER_PORT: port });
      await waitForLine(api, /listening/);
      const all = await call<{ jobs: JobView[] }>(url, 'GET', '/api/v1/jobs?limit=1000', { token });
      const recorded = new Set(all.body.jobs.map((j) => j.id));
      for (const id of accepted) assert.ok(recorded.has(id), `accepted job ${id} exists`);
      // Jobs recorded but whose 201 was lost with the API must also run (once), not hang in 'submitted'.
      for (const job of all.body.jobs) {
        const done = await stack.waitForJob(token, job.id, (j) => j.finishedAt !== null, 90_000);
        assert.equal(done.state, 'succeeded', JSON.stringify(done));
      }
      const runs = await runsRecorded(stack, 'grace');
      assert.equal(runs.length, all.body.jobs.length, 'each recorded job ran exactly once');
      assert.equal(new Set(runs).size, runs.length);
      await sigkill(api);
    });
  });
});
