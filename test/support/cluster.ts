import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { redisPrefix } from './backends.ts';
import { onFreePort, type ServerProcess, startServerProcess } from './process.ts';
import { client, testKeys } from './server.ts';

/** Runs one statement (`create database`, `drop database`) on the PostgreSQL server at `adminUrl`. */
export async function runAsAdmin(adminUrl: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(statement);
  await c.end();
}

export interface NodeOptions {
  /** The server script the node runs (by default `server/main.ts`). */
  script?: string;
  /** How long the process may take to answer /health. */
  healthMs?: number;
  /** How long the node may take to answer /ready after that. */
  readyMs?: number;
}

/**
 * Starts one node of a deployment as its own process, on a free loopback port with a data
 * directory of its own, adds it to `nodes` and waits until it is ready.
 */
export async function startNode(
  env: Record<string, string>,
  nodes: ServerProcess[],
  { script, healthMs = 40_000, readyMs = 30_000 }: NodeOptions = {},
): Promise<ServerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rookery-node-'));
  const node = await onFreePort((port) =>
    startServerProcess(
      { ...env, PORT: port, PUBLIC_ADDRESS: `127.0.0.1:${port}`, DATA_DIR: dataDir },
      healthMs,
      script,
    ),
  );
  nodes.push(node);
  const deadline = Date.now() + readyMs;
  while ((await client(node.url).get('/ready')).status !== 200) {
    assert.ok(Date.now() < deadline, 'the node did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  return node;
}

export interface Deployment {
  /** The deployment's own database. */
  databaseUrl: string;
  /** Its Redis key prefix. */
  prefix: string;
  /** What each node is started with. */
  env: Record<string, string>;
  /** The nodes started so far, in order. */
  nodes: ServerProcess[];
  /** Starts one more node, with `extra` added to the deployment's environment. */
  startNode(extra?: Record<string, string>): Promise<ServerProcess>;
  /** Stops every node with `signal` and drops the database. */
  close(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A new, empty deployment for the cluster suites: a database of its own on the PostgreSQL server
 * at `adminUrl` and a Redis prefix of its own; `env` is added to what every node is started with.
 */
export async function newDeployment(
  adminUrl: string,
  redisUrl: string,
  dbName: string,
  { env = {}, ...node }: NodeOptions & { env?: Record<string, string> } = {},
): Promise<Deployment> {
  await runAsAdmin(adminUrl, `create database ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const prefix = redisPrefix();
  const deployment: Deployment = {
    databaseUrl: url.toString(),
    prefix,
    env: {
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      // The nodes serve no web app (each would start its own Vite in development).
      NODE_ENV: 'test',
      AUTH_KEYS: await testKeys(),
      LOG_LEVEL: 'warn',
      AUTH_RATE_IP_POINTS: '100000',
      ...env,
    },
    nodes: [],
    startNode: (extra = {}) => startNode({ ...deployment.env, ...extra }, deployment.nodes, node),
    async close(signal = 'SIGKILL') {
      await Promise.all(deployment.nodes.map((n) => n.stop(signal)));
      await runAsAdmin(adminUrl, `drop database if exists ${dbName} with (force)`);
    },
  };
  return deployment;
}
