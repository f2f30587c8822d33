import { readdir } from 'node:fs/promises';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The metrics of one server: a registry of its own (no process-wide singleton). */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  authFailures: Counter<'reason'>;
  /** Requests refused with 429, by the limit that refused them (`matchmake-ip`, `auth-ip`, …). */
  rateLimited: Counter<'limit'>;
  /** Chess events accepted and appended, by type (`move`, `resign`, …). */
  matchEvents: Counter<'game' | 'type'>;
  /** Time to append one event to a game's log: the database's share of a move's round trip. */
  gameLogAppend: Histogram<never>;
  /** From an event's arrival at the rules to its broadcast (rule → append → project → send), by game. */
  matchCommit: Histogram<'game'>;
  /** Games rebuilt from their log into a room, with the time it took from the check that found them without one. */
  gameFailover: Histogram<'cause'>;
  /** Median wait of the tickets waiting in each queue, as of its last tick. */
  queueMedianWait: Gauge<'queue'>;
  /** Games that ended, by termination. */
  matchesEnded: Counter<'game' | 'termination'>;
  /** Players waiting in each queue, as of its last tick. */
  queuePlayers: Gauge<'queue'>;
  /** From entering a queue to the match starting, per queue. */
  queueTimeToMatch: Histogram<'queue'>;
  /** Quality (0..1) of the matches each queue formed. */
  queueMatchQuality: Histogram<'queue'>;
  /** Time a matchmaker tick takes (forming matches, not creating their rooms). */
  queueTick: Histogram<'queue'>;
  /** Seats held for a matched player that expired untaken. */
  queueSeatsExpired: Counter<'queue'>;
  /** WebSocket connections cut because their reader fell too far behind (`coalesceWrites`). */
  slowReadersCut: Counter<never>;
}

/**
 * prom-client's default metrics that walk every handle or resource of the process at each scrape,
 * on the event loop: with 10,000 players a scrape held a node's loop for 55–67 ms, every move of
 * its games waiting behind it (`docs/perf.md`, "The metrics scrape"). The connections are counted
 * by `rookery_ccu` and `rookery_room_clients` instead.
 */
const WALKING_DEFAULTS = [
  'nodejs_active_handles',
  'nodejs_active_handles_total',
  'nodejs_active_requests',
  'nodejs_active_requests_total',
  'nodejs_active_resources',
  'nodejs_active_resources_total',
];

/** The process metrics, without those that walk every handle, and open descriptors read off the loop. */
function processMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of WALKING_DEFAULTS) registry.removeSingleMetric(name);
  if (process.platform !== 'linux') return;
  // The default reads `/proc/self/fd` synchronously: one entry a socket. The same count, its
  // listing done on libuv's threads.
  registry.removeSingleMetric('process_open_fds');
  new Gauge({
    name: 'process_open_fds',
    help: 'Number of open file descriptors.',
    registers: [registry],
    async collect() {
      try {
        // Less the descriptor the listing itself opened, closed by now.
        this.set((await readdir('/proc/self/fd')).length - 1);
      } catch {
        // no reading this time: the gauge keeps its last one
      }
    },
  });
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  processMetrics(registry);
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'rookery_auth_login_failures_total',
      help: 'Failed logins, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'rookery_rate_limited_total',
      help: 'Requests refused by a rate limit, by limit',
      labelNames: ['limit'],
      registers: [registry],
    }),
    matchEvents: new Counter({
      name: 'rookery_match_events_total',
      help: 'Events of matches accepted and recorded, by game and type',
      labelNames: ['game', 'type'],
      registers: [registry],
    }),
    gameLogAppend: new Histogram({
      name: 'rookery_game_log_append_seconds',
      help: "Time to append one event to a game's log",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [registry],
    }),
    matchCommit: new Histogram({
      name: 'rookery_match_commit_seconds',
      help: 'Time from an event reaching the rules to its broadcast (rule, append, project, send), by game',
      labelNames: ['game'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    gameFailover: new Histogram({
      name: 'rookery_game_failover_seconds',
      help: 'Games rebuilt from their log into a room (cause: boot or takeover), timed from the check that found them without one',
      labelNames: ['cause'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    queueMedianWait: new Gauge({
      name: 'rookery_queue_median_wait_seconds',
      help: 'Median wait of the tickets waiting in each matchmaking queue',
      labelNames: ['queue'],
      registers: [registry],
    }),
    matchesEnded: new Counter({
      name: 'rookery_matches_ended_total',
      help: 'Matches that ended, by game and termination',
      labelNames: ['game', 'termination'],
      registers: [registry],
    }),
    queuePlayers: new Gauge({
      name: 'rookery_queue_players',
      help: 'Players waiting in each matchmaking queue',
      labelNames: ['queue'],
      registers: [registry],
    }),
    queueTimeToMatch: new Histogram({
      name: 'rookery_queue_time_to_match_seconds',
      help: 'Time from entering a queue to the match starting',
      labelNames: ['queue'],
      buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
      registers: [registry],
    }),
    queueMatchQuality: new Histogram({
      name: 'rookery_queue_match_quality',
      help: 'Quality (0..1) of the matches formed by each queue',
      labelNames: ['queue'],
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1],
      registers: [registry],
    }),
    queueTick: new Histogram({
      name: 'rookery_queue_tick_seconds',
      help: 'Time a matchmaker tick takes to form matches',
      labelNames: ['queue'],
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    queueSeatsExpired: new Counter({
      name: 'rookery_queue_seats_expired_total',
      help: 'Seats held for a matched player that expired untaken',
      labelNames: ['queue'],
      registers: [registry],
    }),
    slowReadersCut: new Counter({
      name: 'rookery_ws_slow_readers_cut_total',
      help: 'WebSocket connections cut because their reader fell more than the limit behind',
      registers: [registry],
    }),
  };
}
