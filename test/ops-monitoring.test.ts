import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { exportedMetrics, isExported, metricNames } from './support/promql.ts';
import { client } from './support/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: the files are read as the tools that load them read them
const readYaml = (file: string): any => yaml.load(read(file));

const DASHBOARDS = ['overview', 'games', 'matchmaking', 'accounts'];
/** Series Prometheus makes itself for every target, not exported by a server. */
const PROMETHEUS_SERIES = new Set(['up']);

interface Panel {
  id: number;
  title: string;
  datasource: { uid: string };
  targets: Array<{ expr: string; datasource: { uid: string } }>;
}

function dashboard(name: string): { uid: string; title: string; panels: Panel[] } {
  return JSON.parse(read(`ops/grafana/dashboards/${name}.json`));
}

/** Every query of every dashboard and alert, with where it comes from. */
function allQueries(): Array<{ where: string; expr: string }> {
  const queries: Array<{ where: string; expr: string }> = [];
  for (const name of DASHBOARDS) {
    for (const panel of dashboard(name).panels) {
      for (const target of panel.targets)
        queries.push({ where: `${name}: ${panel.title}`, expr: target.expr });
    }
  }
  for (const group of readYaml('ops/alerts.yml').groups) {
    for (const rule of group.rules) queries.push({ where: `alert ${rule.alert}`, expr: rule.expr });
  }
  return queries;
}

describe('monitoring files (ops/, docker-compose.yml)', () => {
  const compose = readYaml('docker-compose.yml');

  it('runs Grafana with the provisioning and dashboards of ops/, next to Prometheus', () => {
    const grafana = compose.services.grafana;
    assert.ok(grafana, 'no grafana service');
    const mounts = new Map<string, string>(
      grafana.volumes
        .map((v: string) => v.split(':').slice(0, 2) as [string, string])
        .map(([a, b]: string[]) => [b, a]),
    );
    assert.equal(mounts.get('/etc/grafana/provisioning'), './ops/grafana/provisioning');
    const dashboards = mounts.get('/etc/grafana/dashboards');
    assert.equal(dashboards, './ops/grafana/dashboards');
    for (const source of mounts.values()) {
      if (source.startsWith('./')) assert.ok(existsSync(path.join(ROOT, source)), `${source} is missing`);
    }
    const provider = readYaml('ops/grafana/provisioning/dashboards/rookery.yml').providers[0];
    assert.equal(provider.type, 'file');
    assert.equal(
      provider.options.path,
      '/etc/grafana/dashboards',
      'the provider reads where the dashboards are mounted',
    );
    assert.equal(
      grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH,
      '/etc/grafana/dashboards/overview.json',
    );
  });

  it('gives Grafana the compose Prometheus as the data source every panel names', () => {
    const sources = readYaml('ops/grafana/provisioning/datasources/prometheus.yml').datasources;
    assert.equal(sources.length, 1);
    const [source] = sources;
    assert.equal(source.type, 'prometheus');
    const url = new URL(source.url);
    assert.ok(compose.services[url.hostname], `${url.hostname} is not a compose service`);
    assert.deepEqual(compose.services.prometheus.ports, [`${url.port}:${url.port}`]);
    for (const name of DASHBOARDS) {
      const board = dashboard(name);
      const ids = board.panels.map((p) => p.id);
      assert.equal(new Set(ids).size, ids.length, `${name}: panel ids repeat`);
      for (const panel of board.panels) {
        assert.equal(panel.datasource.uid, source.uid, `${name}: ${panel.title}`);
        assert.ok(panel.targets.length > 0, `${name}: ${panel.title} has no query`);
        for (const target of panel.targets) assert.equal(target.datasource.uid, source.uid);
      }
    }
    const files = readdirSync(path.join(ROOT, 'ops/grafana/dashboards')).sort();
    assert.deepEqual(files, DASHBOARDS.map((d) => `${d}.json`).sort());
    assert.equal(
      new Set(DASHBOARDS.map((d) => dashboard(d).uid)).size,
      DASHBOARDS.length,
      'dashboard uids repeat',
    );
  });

  it('has Prometheus load the alert rules, mounted beside its config', () => {
    const prometheus = compose.services.prometheus;
    assert.ok(prometheus.volumes.includes('./ops/alerts.yml:/etc/prometheus/alerts.yml:ro'));
    assert.ok(prometheus.volumes.includes('./ops/prometheus.yml:/etc/prometheus/prometheus.yml:ro'));
    assert.deepEqual(readYaml('ops/prometheus.yml').rule_files, ['alerts.yml']);
    const alerts = readYaml('ops/alerts.yml').groups.flatMap((g: { rules: Array<{ alert: string }> }) =>
      g.rules.map((r) => r.alert),
    );
    for (const name of [
      'MoveCommitSlow',
      'ApiLatencyHigh',
      'ApiErrorRateHigh',
      'FailoverSlow',
      'NodeDown',
      'QueueWaitLong',
    ])
      assert.ok(alerts.includes(name), `no alert ${name}`);
  });

  it('reads the metric names of PromQL, without functions, labels, keywords or durations', () => {
    assert.deepEqual(
      metricNames(
        'histogram_quantile(0.99, sum by (le, game) (rate(rookery_match_commit_seconds_bucket{game=~"chess|by"}[5m]))) > 0.05',
      ),
      ['rookery_match_commit_seconds_bucket'],
    );
    assert.deepEqual(
      metricNames('sum(rate(a_total{x="1"}[1m])) / on (instance) group_left b_info or vector(0)'),
      ['a_total', 'b_info'],
    );
    const text = '# TYPE h histogram\nh_bucket{le="1"} 0\n# TYPE c counter\n# TYPE s summary\n';
    const exported = exportedMetrics(text);
    assert.ok(
      isExported('h_bucket', exported) && isExported('h_count', exported) && isExported('c', exported),
    );
    assert.ok(
      !isExported('c_bucket', exported) && !isExported('s_bucket', exported) && !isExported('x', exported),
    );
  });
});

forEachBackend(
  'every metric of the dashboards and alerts is exported by a running server',
  (backend: Backend) => {
    let server: TestGameServer;
    before(async function () {
      this.timeout(60_000);
      server = await startGameStack(backend);
    });
    after(() => server?.close());

    it('names only metrics that /metrics gives, after players have signed in, failed to, and played', async () => {
      const api = client(server.url);
      const player = await newPlayer(server.url);
      await api.post('/api/auth/login', { username: player.username, password: 'not the password' });
      const game = await player.chess.vsBot({ color: 'white', timeControl: '5+3' });
      await game.until((s) => s.status === 'playing');
      await game.move('e2e4');
      await game.leave();

      const text = (await api.get('/metrics')).body as string;
      const exported = exportedMetrics(text);
      assert.match(
        text,
        /^rookery_match_commit_seconds_count\{game="chess"\} [1-9]/m,
        'a move was committed',
      );
      const queries = allQueries();
      assert.ok(queries.length > 40, `only ${queries.length} queries found`);
      const missing: string[] = [];
      for (const { where, expr } of queries) {
        const names = metricNames(expr);
        assert.ok(names.length > 0, `${where}: no metric in ${expr}`);
        for (const name of names) {
          if (!PROMETHEUS_SERIES.has(name) && !isExported(name, exported)) missing.push(`${where}: ${name}`);
        }
      }
      assert.deepEqual(missing, []);
    });
  },
);
