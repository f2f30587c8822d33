import type { ChessGameClient } from '../../../client-sdk/chess.ts';
import { RookeryError } from '../../../client-sdk/errors.ts';
import { CHESS_CLOSE_CODES } from '../../../schema/chess.ts';
import type { GameDto } from '../../../schema/games.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { replayPath, tournamentPath } from '../router.ts';
import { showSessionEnded } from '../session-ended.ts';
import { authPanel } from './auth.ts';
import { GameScreen } from './game-screen.ts';

/** Close codes that mean the player left on purpose (or the page did): nothing to come back to. */
const CONSENTED = new Set([1000, 4000]);
const REJOIN_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 8000, 8000, 8000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `/play/:id`: takes a seat in the game (or comes back to one's own, from any device), watches it
 * when both seats are taken, and sends a finished game to its replay. A dropped connection is
 * resumed by the SDK; when that fails too (a restart, the game moving to another node, a long
 * drop), the game is joined again by its id.
 */
export function gameView(ctx: AppContext, main: HTMLElement, gameId: string): () => void {
  let closed = false;
  let screen: GameScreen | undefined;
  let game: ChessGameClient | undefined;

  const showProblem = (text: string) =>
    replace(
      main,
      h(
        'section',
        { class: 'panel' },
        h('h1', {}, 'This game cannot be opened'),
        h('p', { role: 'alert' }, text),
        h('p', {}, h('a', { href: '/' }, 'Back to the start')),
      ),
    );

  /** Joins as a player, or as a spectator when asked or when the seats are taken. */
  const join = async (spectate: boolean): Promise<ChessGameClient> => {
    if (spectate) return ctx.chess.spectate(gameId);
    try {
      return await ctx.chess.joinGame(gameId);
    } catch (err) {
      if (err instanceof RookeryError && err.code === 'SEAT_TAKEN') return ctx.chess.spectate(gameId);
      throw err;
    }
  };

  const attach = async (joined: ChessGameClient) => {
    await joined.until((s) => !!s.status);
    if (closed) {
      void joined.leave();
      return;
    }
    game = joined;
    if (!screen) {
      const tournament = ctx.tournaments.tournamentOf(gameId);
      const back = tournament
        ? h(
            'p',
            { class: 'tournament-back' },
            h('a', { href: tournamentPath(tournament) }, '← Back to the tournament'),
          )
        : undefined;
      screen = new GameScreen(ctx, gameId, back);
      replace(main, screen.el);
    }
    screen.connection(undefined);
    if (joined.state.pausedAt > 0) screen.staffLine('Staff paused the game.');
    screen.attach(joined);
    const spectating = (joined.color ?? ctx.seatColor(gameId)) === undefined;
    joined.room.onDrop(() => screen?.connection('Connection lost: reconnecting…'));
    joined.room.onReconnect(() => screen?.connection(undefined));
    // What staff did to the game, as the room tells its players and spectators.
    joined.onStaff((notice) => {
      if (notice.action === 'paused') screen?.staffLine(`Staff paused the game: ${notice.reason}`);
      else if (notice.action === 'resumed') screen?.staffLine(undefined);
      else screen?.staffLine(`Staff ended the game: ${notice.reason}`);
    });
    joined.room.onLeave((code) => {
      if (closed || game !== joined || CONSENTED.has(code) || joined.state.status === 'ended') return;
      if (showSessionEnded(code)) {
        screen?.connection('You left the game: see the message above.');
        return;
      }
      if (code === CHESS_CLOSE_CODES.replaced) {
        screen?.connection('This game is open on another device or tab.');
        return;
      }
      if (code === CHESS_CLOSE_CODES.abuse) {
        screen?.connection('The server closed the connection: too many refused messages.');
        return;
      }
      void rejoin(spectating);
    });
  };

  const rejoin = async (spectate: boolean) => {
    screen?.connection('Connection lost: joining the game again…');
    for (const delay of REJOIN_DELAYS_MS) {
      await sleep(delay);
      if (closed) return;
      try {
        await attach(await join(spectate));
        return;
      } catch (err) {
        if (err instanceof RookeryError && err.code === 'GAME_NOT_FOUND') break;
      }
    }
    if (!closed) screen?.connection('The game cannot be reached. Reload the page to try again.');
  };

  /** A game no room holds any more may be in the record: finished games go to their replay. */
  const notRunning = async () => {
    try {
      const stored = await ctx.get<GameDto>(`/api/games/${encodeURIComponent(gameId)}`);
      if (stored.status === 'ended') return ctx.navigate(replayPath(gameId));
      showProblem('This game is not being played on this server right now. Try again in a moment.');
    } catch {
      showProblem('There is no game with this id.');
    }
  };

  const open = async (spectate: boolean) => {
    const handed = ctx.takeHandoff(gameId);
    if (!handed && !spectate && !ctx.user()) {
      replace(
        main,
        h(
          'section',
          { class: 'panel' },
          h('h1', {}, 'Join this game'),
          h('p', {}, 'Sign in, or play as a guest, to take the free seat.'),
          authPanel(ctx, () => void open(false)),
          h('p', {}, h('button', { type: 'button', onclick: () => void open(true) }, 'Just watch')),
        ),
      );
      return;
    }
    replace(main, h('p', { class: 'status', role: 'status' }, 'Joining the game…'));
    try {
      await attach(handed ?? (await join(spectate)));
    } catch (err) {
      if (closed) return;
      if (err instanceof RookeryError && err.code === 'GAME_NOT_FOUND') return notRunning();
      showProblem(err instanceof Error ? err.message : String(err));
    }
  };

  void open(false);
  return () => {
    closed = true;
    screen?.destroy();
    void game?.leave().catch(() => undefined);
  };
}
