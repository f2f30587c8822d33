import assert from 'node:assert/strict';
import { matchMaker } from '@colyseus/core';
import { Client as ColyseusClient } from '@colyseus/sdk';
import {
  CHESS_CLOSE_CODES,
  ChessGameClient,
  type ChessState,
  movesOf,
  type RookeryError,
} from '../client-sdk/index.ts';
import { tournamentChannel } from '../server/domain/tournaments/results-channel.ts';
import { MAX_WS_MESSAGE_BYTES } from '../server/game-server.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import {
  bothSeeEnd,
  newPlayer,
  PASSWORD,
  playMoves,
  refused,
  sleep,
  snapshot,
  startGame,
  type TwoPlayerGame,
  tournamentGame,
} from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { client, uniqueName } from './support/server.ts';

const FOOLS_MATE = ['f2f3', 'e7e5', 'g2g4', 'd8h4'];
/** Sam Loyd's ten-move stalemate: 1. e3 a5 2. Qh5 Ra6 3. Qxa5 h5 4. h4 Rah6 5. Qxc7 f6 6. Qxd7+ Kf7
 *  7. Qxb7 Qd3 8. Qxb8 Qh7 9. Qxc8 Kg6 10. Qe6. */
const LOYD_STALEMATE =
  'e2e3 a7a5 d1h5 a8a6 h5a5 h7h5 h2h4 a6h6 a5c7 f7f6 c7d7 e8f7 d7b7 d8d3 b7b8 d3h7 b8c8 f7g6 c8e6'.split(' ');
/** A seeded random game that ends with king against king; it castles in the king-takes-rook
 *  notation (e1h1) on the way. */
const TO_BARE_KINGS =
  'g1h3 c7c6 d2d4 g8h6 c1e3 h8g8 e3h6 g7h6 d1d3 g8g2 f1g2 d7d5 d3h7 c8h3 e1h1 h3g2 h7h6 f8h6 g1g2 e7e6 h2h4 d8h4 e2e4 h4e4 g2h3 e4d4 f1h1 d4f2 c2c4 f2b2 c4d5 b2a2 d5c6 a2a1 c6b7 a1b1 b7a8q b1h1 a8h1 h6c1 h1c1 e8d8 c1d2 d8e8 d2e3 e8e7 e3a7 e7d6 a7f7 b8c6 f7e6 d6e6'.split(
    ' ',
  );
/** A seeded random game after which white has a bare king and black, to move, has plenty. */
const WHITE_BARE_KING =
  'c2c4 d7d5 h2h3 c8h3 g2g4 d5c4 f2f4 h3g4 a2a3 d8d2 e1f2 d2f4 f2e1 f4c1 e2e4 c1b2 f1d3 g4d1 d3c2 b2a3 g1e2 d1c2 e2c1 a3a1 h1h3 c2b1 h3g3 b1e4 g3a3 a1c1 e1f2 c1a3 f2f1'.split(
    ' ',
  );
const KNIGHT_DANCE = ['g1f3', 'g8f6', 'f3g1', 'f6g8', 'g1f3', 'g8f6', 'f3g1', 'f6g8'];
const GRACE_SECONDS = 1.5;
const ADMIN = uniqueName('root');

forEachBackend('the chess room, through the real SDK', (backend: Backend) => {
  let server: TestGameServer;
  let url: string;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, {
      ADMIN_USERNAME: ADMIN,
      ADMIN_PASSWORD: PASSWORD,
      CHESS_RECONNECT_GRACE: String(GRACE_SECONDS),
      CHESS_FIRST_MOVE_TIMEOUT: '5',
      CHESS_BOT_DELAY_MS: '10',
    });
    url = server.url;
  });
  after(() => server?.close());

  const gameRow = async (id: string) => (await client(url).get(`/api/games/${id}`)).body;
  const eventCount = async (id: string) =>
    Number(
      (
        await backend.sql<{ n: string }>('select count(*)::text as n from game_events where game_id = $1', [
          id,
        ])
      )[0]!.n,
    );

  describe('games that end on the board', () => {
    it("fool's mate: both players and a spectator see 0-1 by mate; the PGN and ratings are stored once", async () => {
      const game = await startGame(url, { timeControl: '3+2' });
      const watcher = await (await newPlayer(url)).chess.spectate(game.id);
      await playMoves(game, FOOLS_MATE);
      const end = await bothSeeEnd(game);
      assert.equal(end.result, '0-1');
      assert.equal(end.termination, 'checkmate');
      assert.equal(end.winner, 'black');
      assert.deepEqual(
        movesOf(end).map((m) => m.san),
        ['f3', 'e5', 'g4', 'Qh4#'],
      );
      const seen = await watcher.until((s) => s.status === 'ended');
      assert.equal(seen.result, '0-1');
      assert.equal(seen.moves.length, 4);

      const pgn = await client(url).get(`/api/games/${game.id}/pgn`);
      assert.equal(pgn.status, 200);
      assert.match(pgn.headers.get('content-type') ?? '', /application\/x-chess-pgn/);
      const [headers, movetext] = (pgn.body as string).split('\n\n');
      assert.match(headers!, /^\[Event "Rated blitz game"\]$/m);
      assert.match(headers!, new RegExp(`^\\[White "${game.players.white.username}"\\]$`, 'm'));
      assert.match(headers!, new RegExp(`^\\[Black "${game.players.black.username}"\\]$`, 'm'));
      assert.match(headers!, /^\[Result "0-1"\]$/m);
      assert.match(headers!, /^\[TimeControl "180\+2"\]$/m);
      assert.equal(movetext!.trim(), '1. f3 e5 2. g4 Qh4# 0-1');
      const withClocks = await client(url).get(`/api/games/${game.id}/pgn?clocks=true`);
      assert.match(withClocks.body as string, /1\. f3 \{ \[%clk 0:03:00\] \} e5 \{ \[%clk 0:03:00\] \}/);

      // The result reached the record exactly once: the ratings moved, in opposite directions.
      const stored = await gameRow(game.id);
      assert.equal(stored.result, '0-1');
      assert.equal(stored.termination, 'checkmate');
      assert.ok(stored.players.black.ratingDiff > 0, 'the winner gains');
      assert.ok(stored.players.white.ratingDiff < 0, 'the loser loses');
      const profile = (await client(url).get(`/api/users/${game.players.black.username}`)).body;
      assert.equal(profile.ratings.blitz.games, 1);
      assert.equal(profile.ratings.blitz.rating, 1500 + stored.players.black.ratingDiff);
      const winner = await game.black.until((s) => s.players.get('black')!.ratingDiff !== 0);
      assert.equal(winner.players.get('black')!.ratingDiff, stored.players.black.ratingDiff);
      const metrics = (await client(url).get('/metrics')).body as string;
      const count = (re: RegExp) => Number(re.exec(metrics)?.[1] ?? 0);
      assert.ok(
        count(/^rookery_match_events_total\{game="chess",type="move"\} (\d+)$/m) >= 4,
        'moves are counted',
      );
      assert.ok(count(/^rookery_matches_ended_total\{game="chess",termination="checkmate"\} (\d+)$/m) >= 1);
      assert.ok(count(/^rookery_game_log_append_seconds_count (\d+)$/m) >= 4, 'append times are measured');
      await Promise.all([game.white.leave(), game.black.leave(), watcher.leave()]);
    });

    it('stalemate is a draw', async () => {
      const game = await startGame(url);
      await playMoves(game, LOYD_STALEMATE);
      const end = await bothSeeEnd(game);
      assert.equal(end.result, '1/2-1/2');
      assert.equal(end.termination, 'stalemate');
    });

    it('king against king is a draw by insufficient material, even reached by castling as e1h1', async () => {
      const game = await startGame(url);
      await playMoves(game, TO_BARE_KINGS);
      const end = await bothSeeEnd(game);
      assert.equal(end.termination, 'insufficient_material');
      assert.equal(end.result, '1/2-1/2');
      assert.ok(
        movesOf(end).some((m) => m.uci === 'e1g1'),
        'castling is recorded in standard notation',
      );
    });

    it('a threefold repetition is drawn only when the player to move claims it', async () => {
      const game = await startGame(url);
      await playMoves(game, KNIGHT_DANCE.slice(0, 4));
      await refused(game.white.claimDraw(), 'DRAW_NOT_CLAIMABLE');
      await playMoves(game, KNIGHT_DANCE.slice(4));
      const ready = await game.white.until((s) => s.claimableDraw === 'threefold_repetition');
      assert.equal(ready.status, 'playing', 'repetition alone does not end the game');
      await refused(game.black.claimDraw(), 'NOT_YOUR_TURN');
      await game.white.claimDraw();
      const end = await bothSeeEnd(game);
      assert.equal(end.termination, 'threefold_repetition');
      assert.equal(end.result, '1/2-1/2');
    });

    it('promotes to the piece named, and refuses a promotion without one', async () => {
      const game = await startGame(url);
      await playMoves(game, ['a2a4', 'b7b5', 'a4b5', 'a7a6', 'b5a6', 'c8b7', 'a6b7', 'b8c6']);
      const before = snapshot(game.white.state);
      await refused(game.white.move('b7a8'), 'ILLEGAL_MOVE');
      assert.equal(snapshot(game.white.state), before);
      await game.white.move('b7a8n');
      const state = await game.black.until((s) => s.moves.length === 9);
      assert.equal(movesOf(state).at(-1)!.san, 'bxa8=N');
      assert.match(state.fen, /^Nr?/);
    });
  });

  describe('clocks', () => {
    it('a player whose clock runs out loses on time', async function () {
      this.timeout(20_000);
      const game = await startGame(url, { timeControl: '1s+0' });
      await playMoves(game, ['e2e4', 'e7e5']);
      const running = await game.white.until((s) => s.clockRunning === 'white');
      assert.equal(running.clockWhite, 1000);
      const end = await bothSeeEnd(game);
      assert.equal(end.termination, 'timeout');
      assert.equal(end.result, '0-1');
      assert.equal(end.clockWhite, 0);
      await refused(game.white.move('d2d4'), 'GAME_OVER');
    });

    it('is a draw on time when the opponent has nothing left to mate with', async function () {
      this.timeout(20_000);
      const game = await startGame(url, { timeControl: '3s+0' });
      await playMoves(game, WHITE_BARE_KING);
      const end = await bothSeeEnd(game);
      assert.equal(end.termination, 'timeout_vs_insufficient_material');
      assert.equal(end.result, '1/2-1/2');
      assert.equal(end.clockBlack, 0);
    });

    it('no clock runs before both sides have moved; an increment is added after each later move', async () => {
      const game = await startGame(url, { timeControl: '1+2' });
      assert.equal(game.white.state.clockRunning, '');
      assert.ok(game.white.state.firstMoveDeadline > 0, 'white has a first-move deadline');
      await playMoves(game, ['e2e4', 'e7e5']);
      const state = await game.white.until((s) => s.clockRunning === 'white');
      assert.equal(state.clockWhite, 60_000);
      assert.equal(state.clockBlack, 60_000);
      await playMoves(game, ['g1f3']);
      const after = await game.black.until((s) => s.moves.length === 3);
      assert.ok(
        after.clockWhite > 60_000 && after.clockWhite <= 62_000,
        `white got the increment: ${after.clockWhite}`,
      );
      assert.equal(after.clockRunning, 'black');
      await game.white.resign();
      await bothSeeEnd(game);
    });

    it('a first move not made in time aborts the game, unrated', async function () {
      this.timeout(20_000);
      const game = await startGame(url);
      await playMoves(game, ['e2e4']);
      const end = await bothSeeEnd(game);
      assert.equal(end.termination, 'aborted');
      assert.equal(end.result, '*');
      const stored = await gameRow(game.id);
      assert.equal(stored.players.white.ratingDiff, null);
    });
  });

  describe('what players may do', () => {
    it('resigning gives the opponent the win', async () => {
      const game = await startGame(url);
      await playMoves(game, ['e2e4', 'e7e5']);
      await game.black.resign();
      const end = await bothSeeEnd(game);
      assert.deepEqual([end.result, end.termination, end.winner], ['1-0', 'resignation', 'white']);
    });

    it('a draw offer can be declined, is cancelled by a move, and ends the game when accepted', async () => {
      const game = await startGame(url);
      await playMoves(game, ['e2e4', 'e7e5']);
      await refused(game.black.acceptDraw(), 'NO_DRAW_OFFER');
      await game.white.offerDraw();
      await game.black.until((s) => s.drawOffer === 'white');
      await refused(game.white.offerDraw(), 'DRAW_ALREADY_OFFERED');
      await game.black.declineDraw();
      await game.white.until((s) => s.drawOffer === '');
      await game.white.offerDraw();
      await playMoves(game, ['g1f3', 'b8c6']);
      assert.equal(
        (await game.white.until((s) => s.moves.length === 4)).drawOffer,
        '',
        'black moving declined it',
      );
      await game.black.offerDraw();
      await game.white.acceptDraw();
      const end = await bothSeeEnd(game);
      assert.deepEqual([end.result, end.termination], ['1/2-1/2', 'agreement']);
    });

    it('abort is allowed before both sides have moved and refused after', async () => {
      const first = await startGame(url);
      await playMoves(first, ['e2e4']);
      await first.black.abort();
      const end = await bothSeeEnd(first);
      assert.deepEqual([end.result, end.termination], ['*', 'aborted']);

      const second = await startGame(url);
      await playMoves(second, ['e2e4', 'e7e5']);
      await refused(second.white.abort(), 'ABORT_NOT_ALLOWED');
      await second.white.resign();
    });

    it('illegal, malformed and out-of-turn moves are refused and change nothing, for clients and the log', async () => {
      const game = await startGame(url);
      await playMoves(game, ['e2e4']);
      const before = snapshot(game.white.state);
      const events = await eventCount(game.id);
      await refused(game.white.move('d2d4'), 'NOT_YOUR_TURN');
      await refused(game.black.move('e8e6'), 'ILLEGAL_MOVE');
      await refused(game.black.move('e7e5e5'), 'BAD_MOVE_FORMAT');
      await refused(game.black.move('P@e4'), 'BAD_MOVE_FORMAT');
      await assert.rejects(
        game.black.room.request('move', { uci: 42 }),
        (err: { reason?: { code: string } }) => err.reason?.code === 'BAD_MESSAGE',
      );
      assert.equal(snapshot(game.white.state), before);
      assert.equal(snapshot(game.black.state), before);
      assert.equal(await eventCount(game.id), events, 'nothing was appended to the log');
      await game.black.resign();
    });

    it('a spectator cannot play, and one who comes late sees the whole game', async () => {
      const game = await startGame(url);
      await playMoves(game, ['d2d4', 'd7d5', 'c2c4']);
      const late = await (await newPlayer(url)).chess.spectate(game.id);
      const state = await late.until((s) => s.moves.length === 3);
      assert.deepEqual(
        movesOf(state).map((m) => m.san),
        ['d4', 'd5', 'c4'],
      );
      assert.equal(state.players.get('white')!.name, game.players.white.username);
      assert.equal(state.spectators, 1);
      await refused(late.move('e7e5'), 'NOT_A_PLAYER');
      const anonymous = new ChessGameClient(
        await new ColyseusClient(url).joinById<ChessState>(game.id, { spectate: true }),
      );
      await anonymous.until((s) => s.moves.length === 3);
      assert.equal(anonymous.color, undefined, 'no account is needed to watch');
      await anonymous.leave();
      await game.white.resign();
    });

    it('a rematch seats the same players with colours swapped', async () => {
      const game = await startGame(url);
      await refused(game.white.offerRematch(), 'REMATCH_NOT_AVAILABLE');
      await playMoves(game, ['e2e4', 'e7e5']);
      await game.white.resign();
      await bothSeeEnd(game);
      await game.white.until((s) => s.players.get('white')!.ratingDiff !== 0);
      const whiteHears = game.white.nextRematch();
      const blackHears = game.black.nextRematch();
      await game.white.offerRematch();
      await game.black.until((s) => s.rematchOffer === 'white');
      await game.black.acceptRematch();
      const [forWhite, forBlack] = await Promise.all([whiteHears, blackHears]);
      assert.equal(forWhite.roomId, forBlack.roomId);
      assert.deepEqual([forWhite.color, forBlack.color], ['black', 'white']);
      const nowBlack = await game.players.white.chess.joinGame(forWhite.roomId);
      const nowWhite = await game.players.black.chess.joinGame(forBlack.roomId);
      await nowWhite.until((s) => s.status === 'playing');
      assert.equal(nowWhite.state.players.get('white')!.name, game.players.black.username);
      await nowWhite.move('e2e4');
      await nowBlack.abort();
      const stranger = await newPlayer(url);
      await refused(stranger.chess.joinGame(forWhite.roomId), 'SEAT_TAKEN');
    });

    it("a tournament's game has no rematch: the tournament pairs its players' next games", async () => {
      // Created as a tournament creates its games: seats held, results reported to its channel.
      const game = await tournamentGame(url, server.cluster.serverKey.current, {
        reportTo: tournamentChannel('t-no-rematch'),
      });
      const { white, black } = game;
      await playMoves(game, ['e2e4', 'e7e5']);
      await black.resign();
      await bothSeeEnd(game);
      await assert.rejects(white.offerRematch(), (err: RookeryError) => {
        assert.equal(err.code, 'REMATCH_NOT_AVAILABLE');
        assert.match(err.message, /tournament/);
        return true;
      });
      assert.equal(black.state.rematchOffer, '');
    });
  });

  describe('joining', () => {
    it('pairs two players who ask for the same time control, and not others', async () => {
      const [a, b, c] = await Promise.all([newPlayer(url), newPlayer(url), newPlayer(url)]);
      const first = await a.chess.play({ timeControl: '7+5', rated: true });
      const other = await c.chess.play({ timeControl: '8+5', rated: true });
      const second = await b.chess.play({ timeControl: '7+5', rated: true });
      assert.equal(second.gameId, first.gameId);
      assert.notEqual(other.gameId, first.gameId);
      await first.until((s) => s.status === 'playing');
      assert.equal(other.state.status, 'waiting');
      await Promise.all([first.abort(), other.leave()]);
    });

    it('guests play casual games only', async () => {
      const game = await startGame(url, { guest: true, rated: true });
      assert.equal(game.white.state.rated, false);
      await game.white.abort();
    });

    it('refuses a forged token and a missing one, with the error code', async () => {
      const sdk = new ColyseusClient(url);
      sdk.auth.token = 'forged.token.value';
      await assert.rejects(sdk.joinOrCreate('chess', {}), /TOKEN_INVALID/);
      sdk.auth.token = '';
      await assert.rejects(sdk.joinOrCreate('chess', {}), /UNAUTHENTICATED/);
    });

    it("refuses room options that only a server may give when their key is not the deployment's, and makes no room", async () => {
      const player = await newPlayer(url);
      const sdk = new ColyseusClient(url);
      sdk.auth.token = (await player.rookery.session())!.accessToken;
      const before = (await matchMaker.query({})).length;
      await assert.rejects(sdk.create('chess', { serverKey: 'guessed', restore: 'any-game' }), /FORBIDDEN/);
      await assert.rejects(sdk.create('party', { serverKey: 'guessed', restore: 'ABCDEF' }), /FORBIDDEN/);
      await assert.rejects(
        sdk.create('queue', { serverKey: 'guessed', profile: 'blitz-casual' }),
        /FORBIDDEN/,
      );
      assert.equal((await matchMaker.query({})).length, before);
    });

    it('refuses a bad time control', async () => {
      const player = await newPlayer(url);
      await refused(player.chess.challenge({ timeControl: '0+0' }), 'VALIDATION_FAILED');
      await refused(player.chess.challenge({ timeControl: 'blitz' }), 'VALIDATION_FAILED');
    });

    it('plays against the bot, which answers with legal moves', async () => {
      const player = await newPlayer(url);
      const game = await player.chess.vsBot({ level: 'greedy', color: 'white' });
      await game.until((s) => s.status === 'playing');
      assert.equal(game.state.rated, false);
      for (const uci of ['e2e4', 'd2d4', 'g1f3']) {
        const n = game.state.moves.length;
        await game.move(uci).catch(() => game.move('b1c3'));
        await game.until((s) => s.moves.length === n + 2 || s.status === 'ended');
        if (game.state.status === 'ended') break;
      }
      assert.ok(game.state.moves.length >= 2);
      await game.resign().catch(() => undefined);
    });
  });

  describe('leaving and coming back', () => {
    const drop = (game: TwoPlayerGame, color: 'white' | 'black') => {
      const side = color === 'white' ? game.white : game.black;
      const token = side.room.reconnectionToken;
      side.room.connection.close(3000, 'network gone');
      return token;
    };

    it('a player who drops keeps the seat within the grace period and resumes with the full state', async () => {
      const game = await startGame(url);
      await playMoves(game, ['e2e4', 'e7e5']);
      const token = drop(game, 'black');
      await game.white.until((s) => s.players.get('black')!.connected === false);
      await game.white.move('g1f3');
      const back = await game.players.black.chess.reconnect(token);
      const state = await back.until((s) => s.players.get('black')!.connected);
      assert.equal(state.moves.length, 3, 'the move made meanwhile is there');
      await back.move('b8c6');
      await game.white.until((s) => s.moves.length === 4 && s.players.get('black')!.connected);
      await refused(game.white.claimVictory(), 'CLAIM_NOT_ALLOWED');
      await back.resign();
    });

    it('the SDK reconnects by itself when the connection breaks, and play goes on', async function () {
      this.timeout(30_000);
      const game = await startGame(url);
      await playMoves(game, ['e2e4', 'e7e5']);
      // By default the SDK reconnects by itself only to a room it joined 5 s ago or more: an app
      // may ask for less, as this one does instead of waiting.
      game.black.room.reconnection.minUptime = 0;
      const dropped = new Promise((resolve) => game.black.room.onDrop(() => resolve(true)));
      const reconnected = new Promise((resolve) => game.black.room.onReconnect(() => resolve(true)));
      const room = matchMaker.getLocalRoomById(game.id)!;
      const socket = room.clients.find((c) => c.sessionId === game.black.room.sessionId)!;
      (socket.ref as unknown as { terminate(): void }).terminate();
      await dropped;
      await reconnected;
      await game.white.move('g1f3');
      await game.black.until((s) => s.moves.length === 3 && s.players.get('black')!.connected);
      await game.black.move('b8c6');
      await game.white.until((s) => s.moves.length === 4);
      await game.black.resign();
    });

    it('a player can also come back by joining the game id again', async () => {
      const game = await startGame(url);
      await playMoves(game, ['e2e4', 'e7e5']);
      drop(game, 'white');
      const back = await game.players.white.chess.joinGame(game.id);
      const state = await back.until((s) => s.players.get('white')!.connected);
      assert.equal(state.moves.length, 2);
      await back.move('g1f3');
      await back.resign();
    });

    it('after the grace period the opponent may claim the win', async function () {
      this.timeout(20_000);
      const game = await startGame(url);
      await playMoves(game, ['e2e4', 'e7e5']);
      drop(game, 'black');
      await refused(game.white.claimVictory(), 'CLAIM_NOT_ALLOWED');
      await sleep(GRACE_SECONDS * 1000 + 200);
      await game.white.claimVictory();
      const end = await game.white.until((s) => s.status === 'ended');
      assert.deepEqual([end.result, end.termination], ['1-0', 'abandoned']);
    });

    it('when both players are gone past the grace period the game ends as abandoned', async function () {
      this.timeout(20_000);
      const game = await startGame(url);
      await playMoves(game, ['e2e4', 'e7e5']);
      drop(game, 'white');
      drop(game, 'black');
      const deadline = Date.now() + 10_000;
      let stored = await gameRow(game.id);
      while (stored.status !== 'ended' && Date.now() < deadline) {
        await sleep(200);
        stored = await gameRow(game.id);
      }
      assert.deepEqual(
        [stored.status, stored.result, stored.termination],
        ['ended', '*', 'abandoned_by_both'],
      );
    });
  });

  describe('the log comes first', () => {
    it('a move the record cannot take is refused with SERVER_BUSY, nobody sees it, and it can be sent again', async () => {
      const game = await startGame(url);
      await playMoves(game, ['e2e4', 'e7e5']);
      const before = snapshot(game.black.state);
      const events = await eventCount(game.id);
      // A real failure of the real database, for this game only: its log refuses any new row.
      const guard = `refuse_${game.id.replace(/[^A-Za-z0-9]/g, '_')}`;
      await backend.sql(
        `alter table game_events add constraint ${guard} check (game_id <> '${game.id}') not valid`,
      );
      try {
        await refused(game.white.move('g1f3'), 'SERVER_BUSY');
      } finally {
        await backend.sql(`alter table game_events drop constraint ${guard}`);
      }
      assert.equal(snapshot(game.white.state), before, 'the mover saw nothing change');
      assert.equal(snapshot(game.black.state), before, 'the opponent saw nothing');
      assert.equal(await eventCount(game.id), events, 'nothing was appended');
      await game.white.move('g1f3');
      await game.black.until((s) => s.moves.length === 3);
      assert.equal(await eventCount(game.id), events + 1);
      await game.black.resign();
    });
  });

  describe('restoring a game on demand', () => {
    it('an admin brings a game whose room went away back from its log, and the players finish it', async () => {
      const game = await startGame(url);
      await playMoves(game, ['e2e4', 'e7e5', 'd1h5']);
      const dropped = Promise.all([
        new Promise((resolve) => game.white.room.onLeave(resolve)),
        new Promise((resolve) => game.black.room.onLeave(resolve)),
      ]);
      await matchMaker.getLocalRoomById(game.id)!.disconnect();
      await dropped;
      assert.equal((await gameRow(game.id)).status, 'playing', 'the record still holds the game');

      const api = client(url);
      const admin = (await api.post('/api/auth/login', { username: ADMIN, password: PASSWORD })).body
        .accessToken;
      const player = await game.players.white.rookery.accessToken();
      assert.equal(
        (await api.post(`/api/admin/games/${game.id}/restore`, { reason: 'stuck' }, player)).status,
        403,
      );
      assert.equal(
        (await api.post('/api/admin/games/no-such-game/restore', { reason: 'stuck' }, admin)).status,
        404,
      );
      const first = await api.post(`/api/admin/games/${game.id}/restore`, { reason: 'stuck' }, admin);
      assert.deepEqual(first.body, { id: game.id, outcome: 'restored' });
      const again = await api.post(`/api/admin/games/${game.id}/restore`, { reason: 'stuck' }, admin);
      assert.deepEqual(again.body, { id: game.id, outcome: 'running' });

      const white = await game.players.white.chess.joinGame(game.id);
      const black = await game.players.black.chess.joinGame(game.id);
      await black.until((s) => s.moves.length === 3);
      const resumed = { ...game, white, black };
      await playMoves(resumed, ['b8c6', 'f1c4', 'g8f6', 'h5f7'], 'black');
      const end = await bothSeeEnd(resumed);
      assert.deepEqual([end.result, end.termination], ['1-0', 'checkmate']);
      const ended = await api.post(`/api/admin/games/${game.id}/restore`, { reason: 'stuck' }, admin);
      assert.deepEqual(ended.body, { id: game.id, outcome: 'ended' });
    });
  });

  describe('abuse', () => {
    it('answers unknown and malformed messages with a typed error and changes nothing', async () => {
      const game = await startGame(url);
      await playMoves(game, ['e2e4']);
      const before = snapshot(game.black.state);
      const errors: Array<{ code: string; request?: string }> = [];
      game.black.room.onMessage('error', (e: { code: string; request?: string }) => errors.push(e));
      game.black.room.send('move', { uci: 42 });
      game.black.room.send('move', 'e7e5');
      game.black.room.send('move', { uci: 'e7e5', extra: true });
      game.black.room.send('teleport', { to: 'e4' });
      game.black.room.send('resign', { now: 'please' });
      const deadline = Date.now() + 5_000;
      while (errors.length < 5 && Date.now() < deadline) await sleep(20);
      assert.deepEqual(
        errors.map((e) => e.code),
        ['BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE'],
      );
      assert.equal(snapshot(game.black.state), before);
      assert.equal(game.black.state.status, 'playing');
      await game.black.move('e7e5');
      await game.white.resign();
    });

    it('disconnects a client that keeps sending garbage', async () => {
      const game = await startGame(url);
      const closed = new Promise<number>((resolve) => game.black.room.onLeave((code) => resolve(code)));
      for (let i = 0; i < 25; i++) {
        game.black.room.send('move', { uci: 'zz' });
        await sleep(60);
      }
      assert.equal(await closed, CHESS_CLOSE_CODES.abuse);
      await game.white.abort();
    });

    it('disconnects a client that floods the room', async () => {
      const game = await startGame(url);
      const closed = new Promise<number>((resolve) => game.black.room.onLeave((code) => resolve(code)));
      for (let i = 0; i < 60; i++) game.black.room.send('draw:decline');
      const code = await closed;
      assert.ok(code >= 4000, `closed with an error code: ${code}`);
      await game.white.abort();
    });

    it(`closes the connection of a message over ${MAX_WS_MESSAGE_BYTES} bytes`, async () => {
      const game = await startGame(url);
      const closed = new Promise<number>((resolve) => game.black.room.onLeave((code) => resolve(code)));
      game.black.room.send('move', { uci: 'x'.repeat(MAX_WS_MESSAGE_BYTES + 1024) });
      assert.equal(await closed, 1009);
      await game.white.abort();
    });
  });
});
