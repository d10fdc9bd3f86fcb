import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RowDataPacket } from 'mysql2/promise';
import type { JobStateEvent } from '../../core/events';
import type { JobView } from '../../core/job';
import { JobEventFeed } from '../../adapters/mysql/job-event-feed';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/context';
import { JobEventHub } from '../../api/events';
import { SseParser, sseMessages, type SseMessage } from '../../cli/event-stream';
import { runCli, showRun } from '../support/cli';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

// GET /api/v1/events and `godocker job watch` on the real stack. Streams are read with the
// CLI's own SSE parser; every stream a test opens is closed after it (afterEach).

const everyState = ['submitted', 'pending', 'admitted', 'launching', 'running', 'succeeded'];

/** An open event stream, collecting what arrives. */
class EventStream {
  readonly messages: SseMessage[] = [];
  raw = '';
  ended = false;

  private constructor(
    readonly status: number,
    readonly contentType: string,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, token: string, headers: Record<string, string> = {}) {
    const abort = new AbortController();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, ...headers },
      signal: abort.signal,
    });
    const stream = new EventStream(
      response.status,
      response.headers.get('content-type') ?? '',
      abort,
    );
    open.add(stream);
    if (response.body) void stream.read(response.body);
    return stream;
  }

  /** The job events received so far, optionally of one job. */
  events(jobId?: number): JobStateEvent[] {
    return this.messages
      .filter((m) => m.event === 'job')
      .map((m) => JSON.parse(m.data) as JobStateEvent)
      .filter((e) => jobId === undefined || e.jobId === jobId);
  }

  async until(what: string, done: (s: EventStream) => boolean, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      if (Date.now() > deadline)
        throw new Error(`stream: no ${what} in ${timeoutMs} ms; got ${this.raw.slice(-2000)}`);
      await sleep(50);
    }
  }

  close(): void {
    this.abort.abort();
    open.delete(this);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = new SseParser();
    const tee = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => {
          this.raw += new TextDecoder().decode(chunk);
          controller.enqueue(chunk);
        },
      }),
    );
    try {
      for await (const message of sseMessages(tee, parser)) this.messages.push(message);
    } catch {
      // Aborted by close(), or dropped by the server: `ended` says which tests care.
    }
    this.ended = true;
  }
}

const open = new Set<EventStream>();

describe("the CLI's server-sent events parser", () => {
  const parse = (...chunks: string[]) => {
    const parser = new SseParser();
    return chunks.flatMap((chunk) => parser.push(chunk));
  };

  test('joins data lines, skips comments, dispatches on a blank line, whatever the line ends', () => {
    const messages = parse(
      ': hello\n',
      'id: 7\r',
      '\nevent: job\ndata: {"a":\r\ndata:1}\n',
      '\r\n',
      'data\ndata: x\n\n',
    );
    assert.deepEqual(messages, [
      { event: 'job', data: '{"a":\n1}', lastEventId: '7' },
      { event: 'message', data: '\nx', lastEventId: '7' },
    ]);
  });

  test('waits for the end of a message split across chunks, and its id only counts then', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('id: 1\ndata: a\n\nid: 2\nda'), [
      { event: 'message', data: 'a', lastEventId: '1' },
    ]);
    assert.deepEqual(parser.push('ta: b\n'), []);
    assert.deepEqual(parser.push('\n'), [{ event: 'message', data: 'b', lastEventId: '2' }]);
  });

  test('a message without data is not dispatched; retry sets the reconnection delay', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('event: gap\n\nretry: 2000\n\n'), []);
    assert.equal(parser.retryMs, 2000);
  });
});

describe('job events (GET /api/v1/events, godocker job watch)', { timeout: 600_000 }, () => {
  let stack: Stack;
  let deps: ApiDeps;
  let tokens: Record<'alice' | 'bob' | 'manny', string>;
  let home: string;

  const eventsUrl = (query = '', base = stack.url) => `${base}/api/v1/events${query}`;
  const submit = async (token: string, body: Record<string, unknown>) => {
    const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token,
      body: { image: 'godocker/busybox', memoryMiB: 32, ...body },
    });
    assert.equal(answer.status, 201, answer.text);
    return answer.body;
  };
  const admin = async (method: string, path: string, body?: unknown) => {
    const answer = await call(stack.url, method, path, { token: stack.adminToken, body });
    assert.ok(answer.status < 300, `${method} ${path}: ${answer.text}`);
  };
  /** Waits until `stream` received the submitted event of a job its owner just submitted. */
  const sentinel = async (stream: EventStream, token: string) => {
    const job = await submit(token, { command: 'true' });
    await stream.until(`sentinel job ${job.id}`, (s) => s.events(job.id).length > 0);
    return job;
  };
  const finished = (stream: EventStream, jobId: number) => () =>
    stream.events(jobId).some((e) => ['succeeded', 'failed', 'killed'].includes(e.state));

  before(
    async () => {
      stack = await startStack();
      deps = stack.api?.deps as ApiDeps;
      tokens = {
        alice: await stack.createUser('alice', 2301),
        bob: await stack.createUser('bob', 2302),
        manny: await stack.createUser('manny', 2303),
      };
      await admin('POST', '/api/v1/projects', { name: 'genomics', manager: 'manny' });
      await admin('PUT', '/api/v1/projects/genomics/members/alice', {});
      home = await mkdtemp(path.join(tmpdir(), 'godocker-watch-'));
    },
    { timeout: 120_000 },
  );
  afterEach(() => {
    for (const stream of open) stream.close();
  });
  after(async () => {
    await stack?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  test('a subscriber sees its job pass every state in order, and others see nothing of it', async () => {
    const alice = await EventStream.open(eventsUrl(), tokens.alice);
    const bob = await EventStream.open(eventsUrl(), tokens.bob);
    assert.equal(alice.status, 200);
    assert.match(alice.contentType, /^text\/event-stream/);
    const job = await submit(tokens.alice, { command: 'echo hi', name: 'greeting' });
    await alice.until('final state', finished(alice, job.id));
    const events = alice.events(job.id);
    assert.deepEqual(
      events.map((e) => e.state),
      everyState,
    );
    const ids = events.map((e) => e.eventId);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'in id order',
    );
    const last = events[events.length - 1];
    assert.equal(last?.exitCode, 0);
    assert.equal(events[0]?.exitCode, undefined, 'exit codes come with final states only');
    assert.deepEqual(
      { jobId: last?.jobId, name: last?.name, owner: last?.owner, queue: last?.queue },
      { jobId: job.id, name: 'greeting', owner: 'alice', queue: 'default' },
    );
    assert.match(alice.raw, new RegExp(`id: ${last?.eventId}\\nevent: job\\ndata: \\{`));
    // Events go out in id order: once bob's own later job arrived, alice's would have too.
    await sentinel(bob, tokens.bob);
    assert.deepEqual(
      bob.events().filter((e) => e.owner !== 'bob'),
      [],
      'bob sees none of alice’s events',
    );
  });

  test("a project's manager sees its jobs, admins see everyone's, filters narrow", async () => {
    const manny = await EventStream.open(eventsUrl(), tokens.manny);
    const mannyProject = await EventStream.open(eventsUrl('?project=genomics'), tokens.manny);
    const adminAll = await EventStream.open(eventsUrl(), stack.adminToken);
    const adminBob = await EventStream.open(eventsUrl('?owner=bob'), stack.adminToken);
    const inProject = await submit(tokens.alice, { command: 'true', project: 'genomics' });
    const elsewhere = await submit(tokens.alice, { command: 'true' });
    const bobs = await submit(tokens.bob, { command: 'true' });
    for (const stream of [manny, mannyProject])
      await stream.until('the project job', finished(stream, inProject.id));
    await adminAll.until("bob's job", finished(adminAll, bobs.id));
    await adminAll.until("alice's jobs", finished(adminAll, elsewhere.id));
    assert.deepEqual(
      adminAll.events(inProject.id).map((e) => e.state),
      everyState,
    );
    await sentinel(manny, tokens.manny);
    await adminBob.until("bob's job", finished(adminBob, bobs.id));
    const jobsOf = (s: EventStream) => [...new Set(s.events().map((e) => e.jobId))];
    assert.ok(!jobsOf(manny).includes(elsewhere.id), "not alice's job outside the project");
    assert.ok(!jobsOf(manny).includes(bobs.id));
    assert.deepEqual(
      [...new Set(mannyProject.events().map((e) => e.project))],
      ['genomics'],
      'project filter',
    );
    assert.ok(jobsOf(adminBob).includes(bobs.id));
    assert.deepEqual([...new Set(adminBob.events().map((e) => e.owner))], ['bob'], 'owner filter');
  });

  test('a reconnect with Last-Event-ID (or since) replays exactly the missed events', async () => {
    const witness = await EventStream.open(eventsUrl(), tokens.alice);
    const early = await EventStream.open(eventsUrl(), tokens.alice);
    const job = await submit(tokens.alice, { command: 'sleep 1' });
    await early.until('the first event', (s) => s.events(job.id).length > 0);
    early.close();
    const lastSeen = early.events(job.id)[0]?.eventId ?? 0;
    await witness.until('the end', finished(witness, job.id));
    const missed = witness.events(job.id).filter((e) => e.eventId > lastSeen);
    assert.ok(missed.length >= 4, JSON.stringify(missed));

    const resumed = await EventStream.open(eventsUrl('?since=0'), tokens.alice, {
      'last-event-id': String(lastSeen),
    });
    const bySince = await EventStream.open(eventsUrl(`?since=${lastSeen}`), tokens.alice);
    for (const stream of [resumed, bySince]) {
      await stream.until('the replay', finished(stream, job.id));
      assert.deepEqual(stream.events(job.id), missed, 'the header wins over since');
      assert.deepEqual(
        stream.events().filter((e) => e.eventId <= lastSeen),
        [],
      );
    }
    const history = await EventStream.open(eventsUrl(`?job=${job.id}&since=0`), tokens.alice);
    await history.until('the history', finished(history, job.id));
    assert.deepEqual(
      history.events().map((e) => e.state),
      everyState,
    );
  });

  test('bad filters are refused with what to fix; anonymous callers get 401', async () => {
    const bobs = await submit(tokens.bob, { command: 'true' });
    const get = (query: string, token?: string, headers?: Record<string, string>) =>
      call(stack.url, 'GET', `/api/v1/events${query}`, {
        ...(token ? { token } : {}),
        ...(headers ? { headers } : {}),
      });
    const cases: Array<[string, string | undefined, number, RegExp, Record<string, string>?]> = [
      ['', undefined, 401, /log in first/],
      ['?job=4x', tokens.alice, 400, /query\.job: '4x' is not a job id/],
      [`?job=${bobs.id}`, tokens.alice, 404, new RegExp(`no job ${bobs.id} among your jobs`)],
      ['?project=genomics', tokens.alice, 403, /only admins and the manager of project/],
      ['?owner=bob', tokens.alice, 403, /query\.owner: only admins/],
      ['?since=-1', tokens.alice, 400, /query\.since: must be an event id/],
      ['?colour=red', tokens.alice, 400, /unknown field colour/],
      [
        '',
        tokens.alice,
        400,
        /header Last-Event-ID: must be an event id/,
        { 'last-event-id': 'x' },
      ],
    ];
    for (const [query, token, status, message, headers] of cases) {
      const answer = await get(query, token, headers);
      assert.equal(answer.status, status, `${query}: ${answer.text}`);
      assert.match(answer.text, message, query);
    }
  });

  test('a second API process streams the same events from its own poller, with heartbeats, and ends a stream whose token is revoked', async () => {
    const second = new JobEventHub(new JobEventFeed(deps.pool), { heartbeatMs: 300 });
    const server = await listen({ ...deps, events: second });
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const created = await call<{ id: number; token: string }>(
        stack.url,
        'POST',
        '/api/v1/tokens',
        { token: tokens.alice, body: { name: 'watcher', scope: 'read' } },
      );
      assert.equal(created.status, 201, created.text);
      const here = await EventStream.open(eventsUrl(), tokens.alice);
      const there = await EventStream.open(eventsUrl('', url), created.body.token);
      const job = await submit(tokens.alice, { command: 'true' });
      await here.until('the end', finished(here, job.id));
      await there.until('the end', finished(there, job.id));
      assert.deepEqual(there.events(job.id), here.events(job.id));
      assert.match(there.raw, /\n: keep-alive\n\n/, 'heartbeat comments');
      const revoked = await call(stack.url, 'DELETE', `/api/v1/tokens/${created.body.id}`, {
        token: tokens.alice,
      });
      assert.equal(revoked.status, 200, revoked.text);
      await there.until('the end of the stream', (s) => s.ended, 5000);
      const end = there.messages.find((m) => m.event === 'end');
      assert.match(end?.data ?? '', /"code":"unauthenticated"/);
      await until('the ended stream to leave the hub', () => second.size === 0);
    } finally {
      await second.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('godocker job watch ID prints each transition and exits with the job', async () => {
    const env = {
      GODOCKER_URL: stack.url,
      GODOCKER_TOKEN: tokens.alice,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, 'xdg'),
    };
    const ok = await submit(tokens.alice, { command: 'sleep 1', name: 'napper' });
    const run = await runCli(['job', 'watch', String(ok.id)], env);
    assert.equal(run.code, 0, showRun(run));
    const lines = run.stdout.trim().split('\n');
    const expected = everyState.map((state, i) =>
      i === 0 ? `job ${ok.id} (napper)  submitted` : `${everyState[i - 1]} → ${state}`,
    );
    assert.equal(lines.length, expected.length, showRun(run));
    expected.forEach((part, i) => {
      assert.match(lines[i] ?? '', /^\d\d:\d\d:\d\d {2}job /);
      assert.ok(lines[i]?.includes(part), `line ${i}: ${lines[i]} lacks ${part}`);
    });
    assert.match(run.stderr, new RegExp(`Watching job ${ok.id} `));

    const bad = await submit(tokens.alice, { command: 'exit 3' });
    const json = await runCli(['job', 'watch', String(ok.id), String(bad.id), '--json'], env);
    assert.equal(json.code, 3, showRun(json));
    const events = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JobStateEvent);
    assert.deepEqual(
      events.filter((e) => e.jobId === bad.id).map((e) => e.state),
      everyState.slice(0, -1).concat('failed'),
    );
    assert.equal(events.find((e) => e.state === 'failed')?.exitCode, 3);

    const both = await runCli(['job', 'watch', String(ok.id), '--all'], env);
    assert.equal(both.code, 1, showRun(both));
    assert.match(both.stderr, /give job IDs or --all, not both/);
  });

  test('job watch reconnects after the connection drops and misses nothing', async () => {
    const hub = new JobEventHub(new JobEventFeed(deps.pool));
    const server = await listen({ ...deps, events: hub });
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const job = await submit(tokens.alice, { command: 'sleep 3' });
      const env = { GODOCKER_URL: url, GODOCKER_TOKEN: tokens.alice, HOME: home };
      const watching = runCli(['job', 'watch', String(job.id)], env);
      await until('the CLI to connect', () => hub.size === 1);
      await stack.waitForJob(tokens.alice, job.id, (j) => j.state === 'running');
      server.closeAllConnections();
      const run = await watching;
      assert.equal(run.code, 0, showRun(run));
      assert.match(run.stderr, /connection lost .*; reconnecting in 2 s, resuming after event \d+/);
      assert.match(run.stderr, /reconnected/);
      const shown = run.stdout
        .trim()
        .split('\n')
        .map((line) => /\)  (?:\w+ → )?(\w+)/.exec(line)?.[1]);
      assert.deepEqual(shown, everyState, `every state once, in order:\n${run.stdout}`);
    } finally {
      await hub.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('the poller waits for an id committed late, and gives a missing one up after gapWaitMs', async () => {
    const job = await submit(tokens.alice, { command: 'true' });
    await stack.waitForJob(tokens.alice, job.id, (j) => j.finishedAt !== null);
    const feed = new JobEventFeed(deps.pool, { intervalMs: 50, gapWaitMs: 1500 });
    const n = await newestEventId();
    const seen: number[] = [];
    const stop = await feed.subscribe((events) =>
      seen.push(...events.map((e) => e.eventId).filter((id) => id > n)),
    );
    try {
      // An insert that took id n+1 but commits after the one that took n+2.
      await insertEvent(job.id, n + 2);
      await sleep(500);
      assert.deepEqual(seen, [], 'nothing passes a young hole');
      await insertEvent(job.id, n + 1);
      await until('both events', () => seen.length === 2);
      assert.deepEqual(seen, [n + 1, n + 2], 'in id order once the hole filled');
      // n+3 never comes (a rolled-back insert): n+4 goes out once the wait is over.
      const started = Date.now();
      await insertEvent(job.id, n + 4);
      await until('the event after the hole', () => seen.length === 3);
      assert.equal(seen[2], n + 4);
      assert.ok(Date.now() - started >= 1400, `waited ${Date.now() - started} ms`);
    } finally {
      stop();
      await feed.close();
    }
  });

  test('a reconnect after more than 1000 events gets a gap notice and the newest 1000', async () => {
    const job = await submit(tokens.alice, { command: 'true' });
    await stack.waitForJob(tokens.alice, job.id, (j) => j.finishedAt !== null);
    // With no stream open the poller is idle, so the replay below covers every filler event.
    await until('earlier streams to close', () => deps.events.size === 0);
    const before = await newestEventId();
    await fillEvents(job.id, 1200, 'filler');
    const stream = await EventStream.open(eventsUrl(`?since=${before}`), tokens.alice);
    await stream.until('the replay', (s) => s.events().length >= 1000);
    const gap = stream.messages[0];
    assert.equal(gap?.event, 'gap', 'the notice comes first');
    const events = stream.events();
    const resumesAt = (JSON.parse(gap?.data ?? '{}') as { resumesAt: number }).resumesAt;
    assert.equal(events[0]?.eventId, resumesAt);
    assert.equal(events.length, 1000);
    assert.equal(events[events.length - 1]?.eventId, await newestEventId());
  });

  test('a subscriber that stops reading is dropped instead of buffered', async () => {
    const job = await submit(tokens.alice, { command: 'true' });
    await stack.waitForJob(tokens.alice, job.id, (j) => j.finishedAt !== null);
    const { port } = new URL(stack.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(
      `GET /api/v1/events?job=${job.id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokens.alice}\r\n\r\n`,
    );
    socket.on('error', () => undefined); // a reset is how the cut may arrive
    socket.pause(); // never reads: the kernel buffers fill, then the server's
    try {
      await until('the stream to open', () => deps.events.size === 1);
      // About 12 MB of events for this subscriber, more than socket buffers hold.
      await fillEvents(job.id, 10_000, 'x'.repeat(1000));
      await until('the subscriber to be dropped', () => deps.events.size === 0, 60_000);
      let received = 0;
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.resume();
      await closed;
      assert.ok(received < 10_000_000, `the server cut the stream (${received} bytes sent)`);
    } finally {
      socket.destroy();
    }
  });

  async function listen(withDeps: ApiDeps): Promise<Server> {
    return new Promise((resolve) => {
      const server = createApp(withDeps).listen(0, '127.0.0.1', () => resolve(server));
    });
  }

  async function until(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`no ${what} in ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  async function newestEventId(): Promise<number> {
    const [rows] = await deps.pool.query<RowDataPacket[]>('SELECT MAX(id) AS id FROM job_events');
    return Number(rows[0]?.id);
  }

  async function insertEvent(jobId: number, id: number): Promise<void> {
    await deps.pool.query(
      "INSERT INTO job_events (id, job_id, at, state, reason) VALUES (?, ?, ?, 'succeeded', 'test')",
      [id, jobId, new Date()],
    );
  }

  /**
   * Stores `count` extra events of a finished job straight in MariaDB: the stream's bounds are
   * what is tested here, and no real job makes a thousand state changes.
   */
  async function fillEvents(jobId: number, count: number, reason: string): Promise<void> {
    for (let done = 0; done < count; done += 1000) {
      const rows = Array.from({ length: Math.min(1000, count - done) }, () => [
        jobId,
        new Date(),
        'succeeded',
        reason,
      ]);
      await deps.pool.query('INSERT INTO job_events (job_id, at, state, reason) VALUES ?', [rows]);
    }
  }
});
