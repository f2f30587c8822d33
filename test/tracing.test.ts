import assert from 'node:assert/strict';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { otelTracing } from '../server/platform/otel.ts';
import type { Tracing } from '../server/services/ports.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { runScript } from './support/process.ts';
import { client, uniqueName } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

/** The spans below `root`, at any depth. */
function descendants(spans: ReadableSpan[], root: ReadableSpan): ReadableSpan[] {
  const below = spans.filter((s) => parentOf(s) === idOf(root));
  return below.flatMap((s) => [s, ...descendants(spans, s)]);
}

forEachBackend('traces (OpenTelemetry, to an in-memory exporter)', (backend: Backend) => {
  let server: TestGameServer;
  let tracing: Tracing;
  const exporter = new InMemorySpanExporter();

  before(async function () {
    this.timeout(120_000);
    tracing = otelTracing({ serviceName: 'rookery-test', exporter });
    server = await startGameStack(backend, {}, [], { tracing });
  });
  after(async () => {
    await server?.close();
    await tracing?.shutdown();
  });

  it('follows an HTTP call into its service and the database', async () => {
    exporter.reset();
    const reply = await client(server.url).post('/api/auth/register', {
      username: uniqueName('tr'),
      password: 'correct horse 1',
    });
    assert.equal(reply.status, 201);
    const requestId = reply.headers.get('x-request-id');
    await waitUntil(() => exporter.getFinishedSpans().some((s) => s.name === 'POST /api/auth/register'));
    const spans = exporter.getFinishedSpans();
    const http = spans.find((s) => s.name === 'POST /api/auth/register')!;
    assert.equal(parentOf(http), undefined, 'the request is the root of its trace');
    assert.equal(http.attributes['http.response.status_code'], 201);
    assert.equal(http.attributes['rookery.request_id'], requestId);
    const service = spans.find((s) => s.name === 'AuthService.register')!;
    assert.ok(service, 'a span for the service');
    assert.equal(parentOf(service), idOf(http));
    const database = descendants(spans, service).filter((s) => s.name.startsWith('db.'));
    assert.ok(database.length > 0, 'a span for the database under the service');
    for (const span of [service, ...database])
      assert.equal(span.spanContext().traceId, http.spanContext().traceId);
  });

  it('follows a move from the room message through the rule, the append and the broadcast', async () => {
    const player = await newPlayer(server.url);
    const game = await player.chess.vsBot({ color: 'white', timeControl: '5+3' });
    await game.until((s) => s.status === 'playing');
    exporter.reset();
    await game.move('e2e4');
    await waitUntil(() => exporter.getFinishedSpans().some((s) => s.name === 'room message move'));
    const spans = exporter.getFinishedSpans();
    const message = spans.find((s) => s.name === 'room message move')!;
    const me = await player.rookery.me();
    assert.equal(message.attributes['rookery.user_id'], me.id);
    assert.equal(message.attributes['rookery.game_id'], game.gameId);
    const commit = spans.find((s) => s.name === 'match.commit' && parentOf(s) === idOf(message))!;
    assert.ok(commit, 'the commit under the message');
    assert.equal(commit.attributes['rookery.event'], 'move');
    const steps = spans.filter((s) => parentOf(s) === idOf(commit));
    assert.deepEqual(
      steps
        .sort((a, b) => Number(a.startTime[0] - b.startTime[0]) || a.startTime[1] - b.startTime[1])
        .map((s) => s.name),
      ['match.rule', 'MatchService.append', 'match.broadcast'],
    );
    const append = steps[1]!;
    assert.ok(
      descendants(spans, append).some((s) => s.name.startsWith('db.')),
      'the append reaches the database',
    );
    await game.leave();
  });
});

describe('tracing off', () => {
  it('is the default, and then no module of the OpenTelemetry SDK is loaded; an OTLP endpoint loads it', async function () {
    this.timeout(60_000);
    const script = runScript('test/support/otel-imports.ts', {});
    assert.equal(await script.exited, 0, script.output());
    const result = JSON.parse(script.output().trim().split('\n').at(-1)!);
    assert.equal(result.off, true);
    // prom-client loads the (no-op) API for its exemplars; nothing of the SDK is loaded.
    const sdk = (m: string) => !m.startsWith('@opentelemetry/api/');
    assert.deepEqual(result.whenOff.filter(sdk), []);
    assert.equal(result.on, true);
    assert.ok(
      result.whenOn.some((m: string) => m.startsWith('@opentelemetry/sdk-trace/')),
      result.whenOn.join(', '),
    );
    assert.ok(result.whenOn.some((m: string) => m.startsWith('@opentelemetry/exporter-trace-otlp-http/')));
  });
});
