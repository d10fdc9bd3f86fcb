import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDurationSeconds, parseDurationSeconds } from '../../core/duration';
import { formatMemoryMiB, parseMemoryMiB } from '../../core/memory';
import { finalRecord } from '../../core/outcome';
import { defaultJobName, submitJobRequestSchema } from '../../core/job';

test('memory sizes are read in binary units', () => {
  const cases: Array<[string, number]> = [
    ['512M', 512],
    ['512', 512],
    ['1G', 1024],
    ['1.5g', 1536],
    ['2GiB', 2048],
    [' 64 mb ', 64],
  ];
  for (const [text, mib] of cases) assert.equal(parseMemoryMiB(text), mib, text);
  for (const bad of ['', 'lots', '12X', '-1G', '0.0001M']) {
    assert.throws(() => parseMemoryMiB(bad), /memory size|cannot read/, bad);
  }
  assert.equal(formatMemoryMiB(1536), '1.5G');
  assert.equal(formatMemoryMiB(300), '300M');
});

test('how a job ended maps to its final state, exit code and reason', () => {
  assert.deepEqual(finalRecord({ kind: 'exited', exitCode: 0, oomKilled: false }, 512), {
    state: 'succeeded',
    exitCode: 0,
    reason: 'Exited with code 0',
  });
  assert.equal(finalRecord({ kind: 'exited', exitCode: 3, oomKilled: false }, 512).state, 'failed');
  assert.match(
    finalRecord({ kind: 'exited', exitCode: 137, oomKilled: true }, 64).reason,
    /^OOMKilled.*64 MiB/,
  );
  assert.deepEqual(
    finalRecord({ kind: 'killed', reason: 'Killed by its owner bob', exitCode: null }, 1),
    {
      state: 'killed',
      exitCode: null,
      reason: 'Killed by its owner bob',
    },
  );
});

test('submissions refuse unknown fields and bad values with the field named', () => {
  const ok = submitJobRequestSchema.safeParse({
    image: 'godocker/busybox',
    command: 'echo hi',
    cpus: 0.5,
  });
  assert.ok(ok.success);
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ image: 'x', command: 'true', privileged: true }, /privileged/],
    [{ image: 'x', command: 'true', cpus: -1 }, /cpus/],
    [{ image: 'x', command: '' }, /command/],
    [{ image: 'x' }, /command/],
    [{ image: 'x', command: 'true', memoryMiB: 1.5 }, /memoryMiB/],
  ];
  for (const [body, field] of cases) {
    const result = submitJobRequestSchema.safeParse(body);
    assert.equal(result.success, false);
    assert.match(JSON.stringify(result.error?.issues), field);
  }
  assert.equal(defaultJobName('  python3 run.py --x'), 'python3');
  assert.equal(defaultJobName('$(rm -rf)'), 'rm');
});

test('durations read as seconds, with units, and print back the same way', () => {
  const cases: Array<[string, number]> = [
    ['3600', 3600],
    ['90m', 5400],
    ['2h', 7200],
    ['3d', 259_200],
    ['1d12h', 129_600],
    ['1.5h', 5400],
    [' 2W ', 1_209_600],
  ];
  for (const [text, seconds] of cases) assert.equal(parseDurationSeconds(text), seconds, text);
  for (const bad of ['', 'soon', '2x', '-5', '0', '2h junk', 'h2'])
    assert.throws(() => parseDurationSeconds(bad), /duration/, bad);
  assert.equal(formatDurationSeconds(129_600), '1d12h');
  assert.equal(formatDurationSeconds(45), '45s');
});

// A stuck CLI or stack fails the file instead of hanging the suite.
