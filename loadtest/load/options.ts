import { parseArgs } from 'node:util';

/** The scenarios `npm run loadtest -- <scenario>` runs. */
export const SCENARIOS = ['quick-play', 'lobby', 'party', 'spectate', 'journey'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** What a run was asked to do, checked. */
export interface LoadOptions {
  scenario: ScenarioName;
  /** The server's HTTP base (`http://host:port`); its WebSocket address follows from it. */
  baseUrl: string;
  clients: number;
  /** Games (or lobby visits) each client goes through before it is done. */
  rounds: number;
  /** The run ends after this long whatever is left. */
  durationMs: number;
  /** Milliseconds between the start of one client and the next. */
  rampMs: number;
  /** A player's thinking time before each move, uniform in [min, max] ms. */
  thinkMs: { min: number; max: number };
  /** Half-moves a game lasts before the side to move resigns. */
  plies: number;
  /** Sign in with registered accounts (register once, then log in) instead of as guests. */
  accounts: boolean;
  /** The queue profile to play in; undefined: the scenario chooses from `GET /api/queues`. */
  queue: string | undefined;
  partySize: number;
  /** Games the spectate scenario plays for its clients to watch. */
  games: number | undefined;
  /** A log file for `@colyseus/loadtest`, if wanted (with workers, one a worker: `FILE.1` …). */
  output: string | undefined;
  /** Processes the clients are spread over; 1 runs them all in this one, with the dashboard. */
  workers: number;
}

/** The spectate scenario's games: `--games`, or one for every ten clients. */
export function spectateGames(options: Pick<LoadOptions, 'clients' | 'games'>): number {
  return options.games ?? Math.max(1, Math.ceil(options.clients / 10));
}

export const USAGE = `usage: npm run loadtest -- <scenario> --clients N [options]

scenarios: ${SCENARIOS.join(', ')}

  --clients N        simulated players (required)
  --endpoint URL     the server (default http://127.0.0.1:2567; ws:// and wss:// work too)
  --rounds N         games or lobby visits per client (default 1)
  --duration S       seconds before the run ends whatever is left (default 300)
  --ramp MS          milliseconds between starting one client and the next (default 0)
  --think MIN-MAX    a player's thinking time before each move, ms (default 500-2000)
  --moves N          half-moves a game lasts before the side to move resigns (default 20)
  --accounts         register accounts and log in, instead of playing as guests
  --queue ID         the queue profile to play in (default: the first fitting casual queue)
  --party-size N     members of each party in the party scenario (default 2)
  --games N          games the spectate scenario plays to be watched (default clients / 10, at least 1)
  --output FILE      also write @colyseus/loadtest's log to FILE (with --workers: FILE.1, FILE.2, …)
  --workers N        spread the clients over N processes (default 1: one process, with the dashboard);
                     party keeps each party in one worker, spectate gives each worker its own games

With CI set in the environment only loopback addresses are accepted.`;

/** A refusal of the command line: its message is printed with the usage, and the run does not start. */
export class UsageError extends Error {}

const isLoopback = (host: string) =>
  host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return n;
}

/** The server's HTTP base from an `http(s)://` or `ws(s)://` address. */
function httpBase(endpoint: string, ci: boolean): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`--endpoint must be an address such as http://127.0.0.1:2567, not "${endpoint}"`);
  }
  const protocol = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' }[url.protocol];
  if (!protocol) throw new UsageError(`--endpoint must be http, https, ws or wss, not "${url.protocol}"`);
  if (ci && !isLoopback(url.hostname)) {
    throw new UsageError(`with CI set only loopback addresses may be load tested, not "${url.hostname}"`);
  }
  return `${protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Parses and checks the command line (`argv` without node and the script); throws {@link UsageError}. */
export function parseLoadArgs(argv: string[], env: Record<string, string | undefined>): LoadOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [scenario, ...extra] = positionals;
  if (!scenario) throw new UsageError('name a scenario');
  if (!(SCENARIOS as readonly string[]).includes(scenario)) throw new UsageError(`no scenario "${scenario}"`);
  if (extra.length) throw new UsageError(`unexpected "${extra.join(' ')}"`);
  if (values.clients === undefined) throw new UsageError('--clients is required');
  const think = /^(\d+)(?:-(\d+))?$/.exec(values.think ?? '500-2000');
  if (!think) throw new UsageError(`--think must be MIN-MAX milliseconds, not "${values.think}"`);
  const thinkMs = { min: Number(think[1]), max: Number(think[2] ?? think[1]) };
  if (thinkMs.max < thinkMs.min) throw new UsageError('--think: MAX must not be below MIN');
  const clients = integer('clients', values.clients, 1, 1, 100_000);
  const partySize = integer('party-size', values['party-size'], 2, 1, 16);
  if (scenario === 'party' && clients % (2 * partySize) !== 0) {
    throw new UsageError(
      `the party scenario needs --clients in whole matches of two parties: a multiple of ${2 * partySize}`,
    );
  }
  if ((scenario === 'quick-play' || scenario === 'journey') && clients % 2 !== 0) {
    throw new UsageError(`the ${scenario} scenario pairs its clients: --clients must be even`);
  }
  const games = values.games === undefined ? undefined : integer('games', values.games, 1, 1, 100_000);
  const workers = integer('workers', values.workers, 1, 1, clients);
  if (scenario === 'party' && workers > clients / partySize) {
    throw new UsageError(
      `the party scenario keeps each party in one worker: --workers must be at most the ${clients / partySize} parties (--clients / --party-size)`,
    );
  }
  if (scenario === 'spectate' && workers > spectateGames({ clients, games })) {
    throw new UsageError(
      `the spectate scenario gives each worker games of its own: --workers must be at most the ${spectateGames({ clients, games })} games (--games)`,
    );
  }
  return {
    scenario: scenario as ScenarioName,
    baseUrl: httpBase(values.endpoint ?? 'http://127.0.0.1:2567', Boolean(env.CI)),
    clients,
    rounds: integer('rounds', values.rounds, 1, 1, 1_000_000),
    durationMs: integer('duration', values.duration, 300, 1, 7 * 24 * 3600) * 1000,
    rampMs: integer('ramp', values.ramp, 0, 0, 60_000),
    thinkMs,
    plies: integer('moves', values.moves, 20, 1, 500),
    accounts: values.accounts ?? false,
    queue: values.queue,
    partySize,
    games,
    output: values.output,
    workers,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      clients: { type: 'string' },
      endpoint: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      ramp: { type: 'string' },
      think: { type: 'string' },
      moves: { type: 'string' },
      accounts: { type: 'boolean' },
      queue: { type: 'string' },
      'party-size': { type: 'string' },
      games: { type: 'string' },
      output: { type: 'string' },
      workers: { type: 'string' },
    },
  });
}
