/**
 * The load generator of `npm run bench:chess`: a child process that plays `games` chess games at
 * once, both players of each game in this process (so a move's round trip is timed on one clock),
 * against one of two targets:
 *
 * - `rookery`: the real server. Each player is a guest (`POST /api/auth/guest`) with its own
 *   `ChessRooms` client; white opens a private game, black joins it by id. A move is sent as the
 *   SDK sends it (`ChessGameClient.move`, a request) and is seen when the opponent's synced state
 *   holds it (`onStateChange`, `moves.length`). A game that ends is left and a new one opened.
 * - `relay`: the plain `ws` relay of `ws-relay.ts`. Each player is a WebSocket (the same global
 *   WebSocket the SDK uses in Node) paired with its opponent; a move is one text message, seen
 *   when the opponent receives it. A game that ends (by chessops) reconnects under a new pair.
 *
 * Both play the same way: random legal moves (chessops), each player thinking a uniform random
 * time in [thinkMinMs, thinkMaxMs] after seeing the opponent's move before it replies.
 *
 * Protocol (IPC, from `loadtest/support.ts` `startHelper`): the configuration comes as JSON in
 * argv[2]; the process sets every game up and reports `ready`; on `go` it starts playing, counts
 * the moves sent between `warmupMs` and `warmupMs + durationMs` after it, and on `report` sends
 * `result` once those moves have been seen (or after a bounded wait). With `keepLog` (the soak),
 * every acknowledged move of every game is kept, and `verify` then reads each game's log
 * (`GET /api/games/:id`, up to `max` games spread over those played) and answers `verified`.
 */
// First: the SDK loaded by the imports below takes its WebSocket from the global then.
import './node-websocket.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Chess } from 'chessops/chess';
import { type ChessGameClient, ChessRooms, type ChessState, RookeryClient } from '../client-sdk/index.ts';
import { randomMove } from './random-move.ts';

export interface PlayersConfig {
  mode: 'rookery' | 'relay';
  /** The server's base URL (`http://…`) or the relay's (`ws://…`). */
  url: string;
  games: number;
  /** Names this process's relay pairs apart from other processes'. */
  worker: number;
  thinkMinMs: number;
  thinkMaxMs: number;
  /** The time control of every Rookery game, e.g. `30+0`. */
  timeControl: string;
  /** Games set up at once. */
  setupConcurrency: number;
  /** Keep every acknowledged move by game, for `verify` (rookery only). */
  keepLog?: boolean;
  /**
   * A game's length in half-moves, drawn uniformly from [min, max] for each game: once reached,
   * the side to move resigns (rookery only). Without it, a game lasts until it ends on the board
   * (random games last hundreds of half-moves).
   */
  plies?: { min: number; max: number };
}

export interface PlayersReady {
  type: 'ready';
  games: number;
  setupMs: number;
}

export interface PlayersResult {
  type: 'result';
  /** Round trips (ms) of the moves sent in the window and seen; unsorted. */
  latencies: Float64Array;
  /** When each of those moves was sent, in ms since the epoch (the wall clock every process shares). */
  sentAtEpoch: Float64Array;
  /** Moves sent in the window and never seen by the opponent. */
  lost: number;
  /** Moves the server refused (a request rejected). */
  refused: number;
  /** Moves sent in the window, and those of them the server acknowledged. */
  sent: number;
  acked: number;
  /** Moves sent in the window, acknowledged, and never seen by the opponent (the game still on). */
  ackedUnseen: number;
  /** Moves sent in the window and not seen because their game had ended first (its last move). */
  unseenAtEnd: number;
  /** Failures by kind (an error code, else the message with its numbers blanked). */
  errors: Record<string, number>;
  /** The first message of each kind of failure, to tell what a bare code (`INTERNAL`) stood for. */
  firstOfKind: Record<string, string>;
  /** Game connections that dropped (`drop <code>`) or closed (`close <code>`) without our leaving. */
  closes: Record<string, number>;
  firstFailure: string | undefined;
  /** Games that ended (and were replaced) since `go`, by termination. */
  ended: Record<string, number>;
  /** Event-loop delay of this process during the window, ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

type Color = 'white' | 'black';

/** How long `report` waits for moves of the window still in flight. */
const DRAIN_MS = 5000;
/** A relay game is over for chessops (mate, stalemate, insufficient material) or after 75 moves
 *  without capture or pawn move, as the server would end it. */
const SEVENTY_FIVE_MOVES = 150;

const config = JSON.parse(process.argv[2] ?? '{}') as PlayersConfig;

// ---- the window and the figures --------------------------------------------------------------

let windowStart = Number.POSITIVE_INFINITY;
let windowEnd = Number.POSITIVE_INFINITY;
let playing = false;
const latencies: number[] = [];
const sentAtEpoch: number[] = [];
let refused = 0;
let sent = 0;
let acked = 0;
/** Moves of the window still unseen when their game ended (the end seen first): the log has them. */
let unseenAtEnd = 0;
let firstFailure: string | undefined;
const errors: Record<string, number> = {};
const firstOfKind: Record<string, string> = {};
const closes: Record<string, number> = {};
/** With `keepLog`: each game's acknowledged moves, by ply. */
const logs: Array<{ gameId: string; moves: string[] }> = [];
const ended: Record<string, number> = {};
/** The histogram's samples are whole timer intervals: the delay is what exceeds the resolution. */
const LOOP_RESOLUTION_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
const loopDelayMs = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);

const inWindow = (t: number) => t >= windowStart && t < windowEnd;

function fail(reason: unknown): void {
  const message = reason instanceof Error ? reason.message : String(reason);
  firstFailure ??= message;
  const code = (reason as { code?: unknown } | undefined)?.code;
  const kind = typeof code === 'string' ? code : message.replace(/\d+/g, '#').slice(0, 80);
  errors[kind] = (errors[kind] ?? 0) + 1;
  firstOfKind[kind] ??= message;
}

// ---- moves -------------------------------------------------------------------------------------

const think = () => config.thinkMinMs + Math.random() * (config.thinkMaxMs - config.thinkMinMs);

// ---- one table: a game after another between the same two players ---------------------------

/** What a target gives a table: a way to send each side's moves, and to leave. */
interface Match {
  /** The server's id of the game (rookery). */
  gameId?: string;
  /** Resolves true once the target acknowledged the move (the relay: once sent). */
  send(color: Color, uci: string): Promise<boolean>;
  /** `color` resigns (rookery only); the end is seen as any end is. */
  resign?(color: Color): Promise<void>;
  close(): Promise<void>;
}

/** Calls from a target into its table, tagged with the match they belong to. */
interface TableEvents {
  /** `color` now sees `plies` moves on the board. */
  seen(match: number, color: Color, plies: number): void;
  /** The game is over, as `color` sees it. */
  over(match: number, termination: string): void;
}

type Opener = (table: Table, match: number, events: TableEvents) => Promise<Match>;

class Table implements TableEvents {
  private pos = Chess.default();
  private plies = 0;
  private pending: { sentAt: number; ply: number; acked: boolean } | undefined;
  private log: string[] | undefined;
  private match: Match | undefined;
  private matchNo = 0;
  private timer: NodeJS.Timeout | undefined;
  private restarting = false;
  /** Half-moves after which the side to move resigns (`config.plies`). */
  private length = Number.POSITIVE_INFINITY;

  constructor(
    readonly index: number,
    private readonly opener: Opener,
  ) {}

  async open(): Promise<void> {
    this.matchNo += 1;
    this.pos = Chess.default();
    this.plies = 0;
    this.pending = undefined;
    const range = config.plies;
    this.length = range
      ? range.min + Math.floor(Math.random() * (range.max - range.min + 1))
      : Number.POSITIVE_INFINITY;
    this.match = await this.opener(this, this.matchNo, this);
    this.log = undefined;
    if (config.keepLog && this.match.gameId) {
      this.log = [];
      logs.push({ gameId: this.match.gameId, moves: this.log });
    }
  }

  /** White's first move, after it thinks. */
  begin(): void {
    this.schedule('white');
  }

  /** A move sent in the window and not yet seen: it counts as lost. */
  get lostMove(): boolean {
    return this.pending !== undefined && inWindow(this.pending.sentAt);
  }

  /** A move sent in the window, acknowledged, and not yet seen. */
  get ackedUnseen(): boolean {
    return this.lostMove && this.pending!.acked;
  }

  seen(match: number, color: Color, plies: number): void {
    if (match !== this.matchNo || this.restarting) return;
    const pending = this.pending;
    if (!pending || plies <= pending.ply || this.pos.turn !== color) return;
    const now = performance.now();
    if (inWindow(pending.sentAt)) {
      latencies.push(now - pending.sentAt);
      sentAtEpoch.push(performance.timeOrigin + pending.sentAt);
    }
    this.pending = undefined;
    if (config.mode === 'relay' && (this.pos.isEnd() || this.pos.halfmoves >= SEVENTY_FIVE_MOVES)) {
      this.over(match, this.pos.isCheckmate() ? 'checkmate' : 'drawn');
      return;
    }
    this.schedule(color);
  }

  over(match: number, termination: string): void {
    if (match !== this.matchNo || this.restarting) return;
    ended[termination] = (ended[termination] ?? 0) + 1;
    void this.restart();
  }

  private schedule(color: Color): void {
    clearTimeout(this.timer);
    const match = this.matchNo;
    this.timer = setTimeout(() => this.play(match, color), think());
  }

  private play(match: number, color: Color): void {
    if (!playing || match !== this.matchNo || this.restarting || !this.match) return;
    if (this.pos.turn !== color) {
      fail(`table ${this.index}: ${color} to move, but the board says not`);
      return;
    }
    if (this.plies >= this.length && this.match.resign) {
      // Long enough: the end comes back as the server's `ended`, as any other.
      this.match.resign(color).catch((err: unknown) => fail(err));
      return;
    }
    const chosen = randomMove(this.pos);
    if (!chosen) return; // Over on the board: the server's `ended` (or the relay's check) follows.
    this.pos.play(chosen.move);
    const pending = { sentAt: performance.now(), ply: this.plies, acked: false };
    this.pending = pending;
    this.plies += 1;
    const counted = inWindow(pending.sentAt);
    if (counted) sent += 1;
    const log = this.log;
    void this.match.send(color, chosen.uci).then((ok) => {
      if (!ok) return;
      pending.acked = true;
      if (counted) acked += 1;
      if (log) log[pending.ply] = chosen.uci;
    });
  }

  private async restart(): Promise<void> {
    this.restarting = true;
    clearTimeout(this.timer);
    // A move in flight when the game ended (one player may see the end before the other sees
    // the last move) is not counted either way.
    if (this.pending && inWindow(this.pending.sentAt)) unseenAtEnd += 1;
    this.pending = undefined;
    const previous = this.match;
    this.match = undefined;
    try {
      await previous?.close();
    } catch (err) {
      fail(err);
    }
    for (;;) {
      try {
        await this.open();
        break;
      } catch (err) {
        fail(err);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    this.restarting = false;
    if (playing) this.begin();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

// ---- the targets -------------------------------------------------------------------------------

interface RookeryPlayer {
  rookery: RookeryClient;
  chess: ChessRooms;
}

async function guest(baseUrl: string): Promise<RookeryPlayer> {
  const rookery = new RookeryClient({ baseUrl });
  await rookery.guest();
  return { rookery, chess: new ChessRooms(rookery) };
}

/** A Rookery table: two guests, who open a new private game for each match. */
function rookeryOpener(baseUrl: string, timeControl: string): Opener {
  const players = new Map<Table, Record<Color, RookeryPlayer>>();
  return async (table, match, events) => {
    let seats = players.get(table);
    if (!seats) {
      const [white, black] = await Promise.all([guest(baseUrl), guest(baseUrl)]);
      seats = { white, black };
      players.set(table, seats);
    }
    const white = await seats.white.chess.challenge({ timeControl, rated: false, color: 'white' });
    let black: ChessGameClient;
    try {
      black = await seats.black.chess.joinGame(white.gameId);
    } catch (err) {
      await white.leave().catch(() => undefined);
      throw err;
    }
    const games: Record<Color, ChessGameClient> = { white, black };
    await Promise.all([
      white.until((s) => s.status === 'playing'),
      black.until((s) => s.status === 'playing'),
    ]);
    let leaving = false;
    for (const color of ['white', 'black'] as const) {
      const room = games[color].room;
      room.onStateChange((state: ChessState) => {
        events.seen(match, color, state.moves.length);
        if (state.status === 'ended') events.over(match, state.termination || 'ended');
      });
      room.onDrop((code) => {
        closes[`drop ${code}`] = (closes[`drop ${code}`] ?? 0) + 1;
      });
      room.onLeave((code) => {
        if (!leaving) closes[`close ${code}`] = (closes[`close ${code}`] ?? 0) + 1;
      });
    }
    // The answer to a game's last move (or to a resignation) comes once the server has recorded
    // the end, after both players have seen it: the game is left after the answer.
    const inFlight = new Set<Promise<unknown>>();
    const tracked = <T>(request: Promise<T>): Promise<T> => {
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request)).catch(() => undefined);
      return request;
    };
    return {
      gameId: white.gameId,
      send: (color, uci) =>
        tracked(
          games[color].move(uci).then(
            () => true,
            (err: unknown) => {
              refused += 1;
              fail(err);
              return false;
            },
          ),
        ),
      resign: (color) => tracked(games[color].resign()),
      close: async () => {
        leaving = true;
        await Promise.allSettled(inFlight);
        await Promise.allSettled([white.leave(), black.leave()]);
      },
    };
  };
}

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.onopen = () => resolve(socket);
    socket.onerror = () => reject(new Error(`could not connect to ${url}`));
  });
}

/** A relay table: two WebSockets paired under a fresh name for each match. */
function relayOpener(relayUrl: string): Opener {
  return async (table, match, events) => {
    const pair = `${config.worker}-${table.index}-${match}`;
    const sockets = await Promise.all([
      connect(`${relayUrl}/?pair=${pair}`),
      connect(`${relayUrl}/?pair=${pair}`),
    ]);
    const byColor: Record<Color, WebSocket> = { white: sockets[0], black: sockets[1] };
    const plies: Record<Color, number> = { white: 0, black: 0 };
    for (const color of ['white', 'black'] as const) {
      // Each message is the opponent's next move: white sees 2k moves on its board after k of
      // black's; black sees 2k - 1 after k of white's.
      byColor[color].onmessage = () => {
        plies[color] += 2;
        events.seen(match, color, color === 'white' ? plies.white : plies.black - 1);
      };
      byColor[color].onclose = () => undefined;
    }
    return {
      send: async (color, uci) => {
        byColor[color].send(JSON.stringify({ type: 'move', uci }));
        return true;
      },
      close: async () => {
        for (const socket of sockets) socket.close();
      },
    };
  };
}

// ---- the log check (the soak) ------------------------------------------------------------------

export interface PlayersVerified {
  type: 'verified';
  /** Games read, and the acknowledged moves they were checked for. */
  games: number;
  moves: number;
  /** Acknowledged moves not in the game's log at their place (absent, or another move there). */
  missing: number;
  /** Games whose log could not be read, by status or error. */
  unreadable: Record<string, number>;
  firstMissing: string | undefined;
}

/** Reads up to `max` games' logs (spread evenly over the games played) and checks every acknowledged move. */
async function verify(max: number): Promise<PlayersVerified> {
  const step = Math.max(1, logs.length / Math.max(1, max));
  const chosen: typeof logs = [];
  for (let i = 0; i < logs.length && chosen.length < max; i += step) chosen.push(logs[Math.floor(i)]!);
  const out: PlayersVerified = {
    type: 'verified',
    games: 0,
    moves: 0,
    missing: 0,
    unreadable: {},
    firstMissing: undefined,
  };
  let next = 0;
  const lane = async () => {
    while (next < chosen.length) {
      const { gameId, moves } = chosen[next++]!;
      let logged: Array<{ uci: string }>;
      try {
        const res = await fetch(`${config.url}/api/games/${gameId}`, { signal: AbortSignal.timeout(10_000) });
        if (res.status !== 200) {
          await res.arrayBuffer();
          out.unreadable[`HTTP ${res.status}`] = (out.unreadable[`HTTP ${res.status}`] ?? 0) + 1;
          continue;
        }
        logged = ((await res.json()) as { moves: Array<{ uci: string }> }).moves;
      } catch (err) {
        const kind = err instanceof Error ? err.name : 'error';
        out.unreadable[kind] = (out.unreadable[kind] ?? 0) + 1;
        continue;
      }
      out.games += 1;
      moves.forEach((uci, ply) => {
        out.moves += 1;
        if (logged[ply]?.uci === uci) return;
        out.missing += 1;
        out.firstMissing ??= `game ${gameId} ply ${ply + 1}: acknowledged ${uci}, log has ${logged[ply]?.uci ?? 'nothing'}`;
      });
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  return out;
}

// ---- the process -------------------------------------------------------------------------------

async function setUp(tables: Table[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < tables.length) {
      const table = tables[next++]!;
      await table.open();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, config.setupConcurrency) }, lane));
}

async function main(): Promise<void> {
  const opener =
    config.mode === 'rookery' ? rookeryOpener(config.url, config.timeControl) : relayOpener(config.url);
  const tables = Array.from({ length: config.games }, (_, i) => new Table(i, opener));
  const started = performance.now();
  await setUp(tables);
  process.send?.({
    type: 'ready',
    games: tables.length,
    setupMs: performance.now() - started,
  } satisfies PlayersReady);

  process.on('message', async (message: { type: string; warmupMs?: number; durationMs?: number }) => {
    if (message.type === 'go') {
      const go = performance.now();
      windowStart = go + (message.warmupMs ?? 0);
      windowEnd = windowStart + (message.durationMs ?? 0);
      setTimeout(() => loopDelay.enable(), windowStart - go);
      setTimeout(() => loopDelay.disable(), windowEnd - go);
      playing = true;
      for (const table of tables) table.begin();
    } else if (message.type === 'report') {
      const deadline = performance.now() + DRAIN_MS;
      while (tables.some((t) => t.lostMove) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const result: PlayersResult = {
        type: 'result',
        latencies: Float64Array.from(latencies),
        sentAtEpoch: Float64Array.from(sentAtEpoch),
        lost: tables.filter((t) => t.lostMove).length,
        refused,
        sent,
        acked,
        ackedUnseen: tables.filter((t) => t.ackedUnseen).length,
        unseenAtEnd,
        errors,
        firstOfKind,
        closes,
        firstFailure,
        ended,
        loopDelayP99Ms: loopDelay.count > 0 ? loopDelayMs(loopDelay.percentile(99)) : 0,
        loopDelayMaxMs: loopDelay.count > 0 ? loopDelayMs(loopDelay.max) : 0,
      };
      playing = false;
      for (const table of tables) table.stop();
      process.send?.(result);
    } else if (message.type === 'verify') {
      process.send?.(await verify((message as { max?: number }).max ?? logs.length));
    }
  });
}

process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
main().catch((err: unknown) => {
  process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  setTimeout(() => process.exit(1), 100);
});
