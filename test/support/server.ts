import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type App, buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { generateKeySetJson } from '../../server/platform/keys.ts';
import { createLogger, type Logger } from '../../server/platform/logger.ts';
import type { Trail } from '../../server/platform/trail.ts';
import type { Tracing } from '../../server/services/ports.ts';
import { type Backend, redisPrefix } from './backends.ts';

let keys: Promise<string> | undefined;
/** One signing key set for the whole run, as AUTH_KEYS would give it. */
export function testKeys(): Promise<string> {
  keys ??= generateKeySetJson();
  return keys;
}

export interface TestServer {
  url: string;
  app: App;
  /** Moves the server's clock (token expiry, refresh expiry). */
  advance(seconds: number): void;
  close(): Promise<void>;
}

/** The configuration a test server runs with: roomy test defaults, the backend's services, `env`. */
export async function testConfig(backend: Backend, env: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    AUTH_KEYS: await testKeys(),
    AUTH_RATE_IP_POINTS: '100000',
    AUTH_RATE_ACCOUNT_POINTS: '100000',
    MATCHMAKE_RATE_IP_POINTS: '100000',
    MATCHMAKE_RATE_USER_POINTS: '100000',
    HASH_CONCURRENCY: '2',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MIGRATE_ON_BOOT: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    ...(backend.redisUrl
      ? { REDIS_URL: backend.redisUrl, DATABASE_URL: 'postgres://unused', PUBLIC_ADDRESS: 'x' }
      : {}),
    ...env,
  });
}

/** What a test may give the app instead of the defaults: its own logger, trail and tracing. */
export interface TestObservability {
  log?: Logger;
  trail?: Trail;
  tracing?: Tracing;
}

/** The app on the backend's database, with a clock the test can move forward. */
export async function testApp(
  backend: Backend,
  env: Record<string, string> = {},
  observability: TestObservability = {},
) {
  const config = await testConfig(backend, env);
  let offset = 0;
  const log = observability.log ?? createLogger({ level: config.log.level, pretty: false });
  const app = await buildApp({
    config,
    log,
    trail: observability.trail,
    tracing: observability.tracing,
    database: await backend.database(),
    clock: () => new Date(Date.now() + offset * 1000),
    redisKeyPrefix: redisPrefix(),
  });
  const advance = (seconds: number) => {
    offset += seconds;
  };
  return { app, config, log, advance };
}

/**
 * The real control plane on a loopback port, on the backend's database and Redis, with the
 * environment given (on top of roomy test defaults).
 */
export async function startServer(backend: Backend, env: Record<string, string> = {}): Promise<TestServer> {
  const { app, advance } = await testApp(backend, env);
  const server = http.createServer(app.http);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    advance,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON of replies as the API documents it
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A tiny JSON client over fetch: what a browser or a Node program sends. */
export function client(base: string) {
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${base}${path}`, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, headers: res.headers, body: parsed } as Reply;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    send,
    get: (path: string, token?: string) => send('GET', path, undefined, token ? bearer(token) : {}),
    post: (path: string, body?: unknown, token?: string) =>
      send('POST', path, body, token ? bearer(token) : {}),
    patch: (path: string, body?: unknown, token?: string) =>
      send('PATCH', path, body, token ? bearer(token) : {}),
    put: (path: string, body?: unknown, token?: string) =>
      send('PUT', path, body, token ? bearer(token) : {}),
    delete: (path: string, token?: string) => send('DELETE', path, undefined, token ? bearer(token) : {}),
  };
}

let names = 0;
/** A username no other test of the run uses. */
export function uniqueName(prefix = 'p'): string {
  names += 1;
  return `${prefix}${Date.now().toString(36).slice(-5)}${names}`.slice(0, 20);
}

/**
 * A fingerprint of every row of every table: equal before and after means the request
 * changed nothing in the database.
 */
export async function fingerprint(backend: Backend): Promise<string> {
  const rows = await backend.sql<{ t: string; h: string | null; n: string }>(
    `select 'users' as t, md5(coalesce(string_agg(u::text, '|' order by id), '')) as h, count(*)::text as n from users u
     union all
     select 'families', md5(coalesce(string_agg(f::text, '|' order by id), '')), count(*)::text from refresh_token_families f
     union all
     select 'audit', md5(coalesce(string_agg(a::text, '|' order by id), '')), count(*)::text from audit_log a
     union all
     select 'games', md5(coalesce(string_agg(g::text, '|' order by id), '')), count(*)::text from games g
     union all
     select 'players', md5(coalesce(string_agg(p::text, '|' order by game_id, seat), '')), count(*)::text from game_players p
     union all
     select 'events', md5(coalesce(string_agg(e::text, '|' order by game_id, seq), '')), count(*)::text from game_events e
     union all
     select 'snapshots', md5(coalesce(string_agg(s::text, '|' order by game_id, seq), '')), count(*)::text from game_snapshots s
     union all
     select 'ratings', md5(coalesce(string_agg(r::text, '|' order by user_id, pool), '')), count(*)::text from ratings r
     union all
     select 'tokens', md5(coalesce(string_agg(k::text, '|' order by token_hash), '')), count(*)::text from account_tokens k
     union all
     select 'requests', md5(coalesce(string_agg(q::text, '|' order by from_id, to_id), '')), count(*)::text from friend_requests q
     union all
     select 'friends', md5(coalesce(string_agg(f::text, '|' order by user_id, friend_id), '')), count(*)::text from friendships f
     union all
     select 'blocks', md5(coalesce(string_agg(b::text, '|' order by blocker_id, blocked_id), '')), count(*)::text from blocks b
     union all
     select 'notifications', md5(coalesce(string_agg(n::text, '|' order by id), '')), count(*)::text from notifications n
     union all
     select 'tournaments', md5(coalesce(string_agg(t::text, '|' order by id), '')), count(*)::text from tournaments t
     union all
     select 'tournament_events', md5(coalesce(string_agg(e::text, '|' order by tournament_id, seq), '')), count(*)::text from tournament_events e`,
  );
  return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join(' ');
}

/** Runs `action` and asserts that it left every table exactly as it was. */
export async function expectUnchanged(backend: Backend, action: () => Promise<unknown>): Promise<void> {
  const before = await fingerprint(backend);
  await action();
  assert.equal(await fingerprint(backend), before, 'the database changed');
}

/**
 * Runs `body` against a server of its own (for a test that needs other settings, or its own
 * clock), and closes that server whatever happens.
 */
export async function withServer<T>(
  backend: Backend,
  env: Record<string, string>,
  body: (api: ReturnType<typeof client>, server: TestServer) => Promise<T>,
): Promise<T> {
  const server = await startServer(backend, env);
  try {
    return await body(client(server.url), server);
  } finally {
    await server.close();
  }
}
