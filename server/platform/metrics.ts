import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The metrics of one server: a registry of its own (no process-wide singleton). */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  authFailures: Counter<'reason'>;
  /** Chess events accepted and appended, by type (`move`, `resign`, …). */
  chessEvents: Counter<'type'>;
  /** Time to append one event to a game's log: the database's share of a move's round trip. */
  gameLogAppend: Histogram<never>;
  /** Games that ended, by termination. */
  chessGamesEnded: Counter<'termination'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
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
    chessEvents: new Counter({
      name: 'rookery_chess_events_total',
      help: 'Chess events accepted and recorded, by type',
      labelNames: ['type'],
      registers: [registry],
    }),
    gameLogAppend: new Histogram({
      name: 'rookery_game_log_append_seconds',
      help: "Time to append one event to a game's log",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [registry],
    }),
    chessGamesEnded: new Counter({
      name: 'rookery_chess_games_ended_total',
      help: 'Chess games that ended, by termination',
      labelNames: ['termination'],
      registers: [registry],
    }),
  };
}
