import type { ChessGameClient } from '../../../client-sdk/chess.ts';
import type { RookeryError } from '../../../client-sdk/errors.ts';
import { type ChessState, movesOf, parseMoveEntry } from '../../../schema/chess.state.ts';
import { type Color, type GameResult, opposite, type Termination } from '../../../schema/chess.ts';
import { Board } from '../board.ts';
import { colorName, describeResult, formatClock, untilClockTextChanges } from '../chess-text.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { readTypedMove } from '../position.ts';
import { gamePath, replayPath } from '../router.ts';
import { soundOf } from '../sounds.ts';
import { TurnSignal } from '../turn-signal.ts';
import { boardSettings } from './board-settings.ts';
import { gameActions } from './game-actions.ts';
import { shareLink, showMoves } from './game-parts.ts';
import { playerBar, showPlayer } from './player-bar.ts';

/** The longest the clocks go unread: a gone opponent's grace runs out without a state change. */
const MAX_TICK_MS = 1000;

/**
 * The screen of one live game: board, both players with their clocks, the moves, a box to type a
 * move, and the actions the state allows. It shows whichever room it is attached to, so a room
 * joined again after a lost connection takes over the same screen.
 */
export class GameScreen {
  readonly el: HTMLElement;
  private game: ChessGameClient | undefined;
  private board: Board | undefined;
  private readonly boardSlot = h('div', { class: 'board-slot' });
  private readonly top = playerBar('top');
  private readonly bottom = playerBar('bottom');
  private readonly status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly notice = h('p', { class: 'notice', role: 'alert' });
  private readonly banner = h('p', { class: 'banner', hidden: true });
  private readonly moves = h('ol', { class: 'move-list', 'aria-label': 'Moves' });
  private readonly actions = h('div', { class: 'actions' });
  private readonly share = h('div', { class: 'share' });
  private readonly moveText = h('input', {
    id: 'move-text',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    enterkeyhint: 'send',
    placeholder: 'e2e4 or Nf3',
  });
  private readonly moveForm: HTMLFormElement;
  private unsubscribe: (() => void) | undefined;
  /** Whether the player turned the board round (their own side at the top). */
  private flipped = false;
  private readonly signal = new TurnSignal();
  private frame = 0;
  /** The timer of the clocks' next visible change (see {@link tick}). */
  private ticking: ReturnType<typeof setTimeout> | undefined;
  private shown = { boardKey: '', moveCount: -1, actionsKey: '', statusText: '', claimable: false };

  /** `lead` goes above everything beside the board (the way back to a tournament). */
  constructor(
    private readonly ctx: AppContext,
    private readonly gameId: string,
    lead?: HTMLElement,
  ) {
    this.moveForm = h(
      'form',
      { class: 'move-form', onsubmit: (e) => this.typedMove(e) },
      h('label', { for: 'move-text' }, 'Type a move'),
      h('div', { class: 'row' }, this.moveText, h('button', { type: 'submit' }, 'Play')),
    );
    this.el = h(
      'section',
      { class: 'game', 'aria-labelledby': 'game-title' },
      h('h1', { id: 'game-title', class: 'visually-hidden' }, `Game ${gameId}`),
      h('div', { class: 'board-column' }, this.top.el, this.boardSlot, this.bottom.el),
      h(
        'div',
        { class: 'side' },
        lead,
        this.banner,
        this.status,
        this.notice,
        this.share,
        this.moveForm,
        h('h2', { class: 'visually-hidden' }, 'Moves'),
        this.moves,
        this.actions,
        boardSettings(ctx, { flip: () => this.flip() }),
      ),
    );
  }

  /** Shows `game` (a newly joined room of this game replaces the previous one). */
  attach(game: ChessGameClient): void {
    this.detach();
    this.game = game;
    const seat = this.seat(game) ?? 'white';
    const orientation = this.flipped ? opposite(seat) : seat;
    if (!this.board || this.board.el.dataset.orientation !== orientation) {
      this.board?.destroy();
      this.board = new Board({ orientation, onMove: (uci) => this.play(uci) });
      replace(this.boardSlot, this.board.el);
    }
    this.shown = { boardKey: '', moveCount: -1, actionsKey: '', statusText: '', claimable: false };
    const onChange = () => {
      this.schedule();
      this.tick();
    };
    game.room.onStateChange(onChange);
    this.unsubscribe = () => game.room.onStateChange.remove(onChange);
    this.render();
    this.tick();
  }

  /**
   * Shows the clocks as they are now and sets a timer for when their text next changes (the next
   * second, or tenth under ten seconds), at most a second ahead: a page that only shows a clock
   * does no work between its changes (a loop on every frame kept the tab drawing 60 times a
   * second for a display that changes once). A state change ticks at once (a move switches the
   * running clock).
   */
  private readonly tick = (): void => {
    clearTimeout(this.ticking);
    const wait = this.tickClocks();
    this.ticking = setTimeout(this.tick, wait);
  };

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    cancelAnimationFrame(this.frame);
    clearTimeout(this.ticking);
    this.game = undefined;
  }

  /** A line over the game about the connection (`undefined` hides it). */
  connection(text: string | undefined): void {
    // `data-drops` counts the losses, so a test (or a curious user) can tell one happened.
    if (text !== undefined && this.banner.hidden)
      this.el.dataset.drops = String(Number(this.el.dataset.drops ?? 0) + 1);
    this.staffLine(text);
  }

  /** The same line about what staff did to the game (`undefined` hides it): no lost connection. */
  staffLine(text: string | undefined): void {
    this.banner.hidden = text === undefined;
    this.banner.textContent = text ?? '';
  }

  /** A message for the player (a refused move, a failed action). */
  tell(text: string): void {
    this.notice.textContent = text;
  }

  destroy(): void {
    this.detach();
    this.board?.destroy();
    this.signal.reset();
  }

  /** Turns the board round: the other side's pieces and player at the bottom. */
  private flip(): void {
    this.flipped = !this.flipped;
    this.board?.flip();
    this.render();
  }

  /** The side shown at the bottom: one's own, unless the board was flipped (white when watching). */
  private get bottomColor(): Color {
    const seat = this.me ?? 'white';
    return this.flipped ? opposite(seat) : seat;
  }

  private schedule(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.render());
  }

  private get me(): Color | undefined {
    return this.game && this.seat(this.game);
  }

  /** The side this player plays: the room knows a captain's; a match told a partner's. */
  private seat(game: ChessGameClient): Color | undefined {
    return game.color ?? this.ctx.seatColor(this.gameId);
  }

  private render(): void {
    const game = this.game;
    if (!game?.state.status) return;
    const s = game.state;
    const me = this.me;
    const bottomColor = this.bottomColor;
    this.el.dataset.status = s.status;
    showPlayer(this.bottom, s, bottomColor);
    showPlayer(this.top, s, opposite(bottomColor));
    this.signal.show({ status: s.status, turn: s.turn as Color, me });

    const moveCount = s.moves.length;
    const lastEntry = s.moves.at(-1);
    const last = lastEntry === undefined ? undefined : parseMoveEntry(lastEntry);
    const boardKey = `${s.fen}|${s.status}|${moveCount}`;
    if (boardKey !== this.shown.boardKey && this.board) {
      this.shown.boardKey = boardKey;
      this.board.show(s.fen, last?.uci, s.status === 'playing' ? me : undefined);
    }
    if (moveCount !== this.shown.moveCount) {
      // A new move sounds; the moves already there when the page opened do not.
      if (this.shown.moveCount >= 0 && moveCount > this.shown.moveCount && last)
        this.ctx.sounds.play(soundOf(last.san));
      this.shown.moveCount = moveCount;
      showMoves(
        this.moves,
        movesOf(s).map((m) => m.san),
      );
    }
    this.moveForm.hidden = !(me && s.status === 'playing');
    this.renderShare(s);
    this.renderStatus(s, me);
    this.shown.claimable = this.opponentGoneLongEnough(s, me);
    const actionsKey = [
      s.status,
      s.drawOffer,
      s.claimableDraw,
      s.rematchOffer,
      s.turn,
      Math.min(moveCount, 2),
      s.berserkAllowed && `${s.berserkWhite}${s.berserkBlack}`,
      me ?? '',
      this.shown.claimable,
    ].join('|');
    if (actionsKey !== this.shown.actionsKey) {
      this.shown.actionsKey = actionsKey;
      replace(
        this.actions,
        gameActions({
          state: s,
          me,
          canClaimVictory: this.shown.claimable,
          run: (label, action) => this.run(label, action),
          replay: () => this.ctx.navigate(replayPath(this.gameId)),
          home: () => this.ctx.navigate('/'),
          rematch: () => this.rematch(),
          // A tournament's game: the tournament pairs the next one (the server refuses a rematch).
          inTournament: this.ctx.tournaments.tournamentOf(this.gameId) !== undefined,
        }),
      );
    }
  }

  /** Shows the clocks; the milliseconds until the running clock's text changes (at most MAX_TICK_MS). */
  private tickClocks(): number {
    const game = this.game;
    if (!game?.state.status) return MAX_TICK_MS;
    const waiting = game.state.status === 'waiting';
    const clocks = waiting ? { white: game.state.initialMs, black: game.state.initialMs } : game.clocks();
    const bottomColor = this.bottomColor;
    let wait = MAX_TICK_MS;
    for (const [bar, color] of [
      [this.bottom, bottomColor],
      [this.top, opposite(bottomColor)],
    ] as const) {
      const ms = clocks[color];
      // A standing clock's text does not change by itself: only the running one sets the wait.
      if (!waiting && game.state.clockRunning === color) wait = Math.min(wait, untilClockTextChanges(ms));
      const text = formatClock(ms);
      if (bar.clock.textContent === text) continue;
      bar.clock.textContent = text;
      bar.clock.setAttribute('aria-label', `${colorName(color)}'s clock: ${text}`);
      bar.clock.classList.toggle('low', ms < 10_000 && game.state.status === 'playing');
    }
    // The grace period of a gone opponent runs out without any state change.
    if (this.opponentGoneLongEnough(game.state, this.me) !== this.shown.claimable) this.schedule();
    return wait;
  }

  private renderShare(s: ChessState): void {
    if (s.status !== 'waiting' || !this.me) {
      if (this.share.firstChild) replace(this.share);
      return;
    }
    if (this.share.firstChild) return;
    const link = `${location.origin}${gamePath(this.gameId)}`;
    replace(
      this.share,
      shareLink(link, (text) => this.tell(text)),
    );
  }

  private renderStatus(s: ChessState, me: Color | undefined): void {
    let text: string;
    if (s.status === 'waiting') text = `Waiting for an opponent · ${s.timeControl}${s.rated ? ' rated' : ''}`;
    else if (s.status === 'ended')
      text = describeResult(s.result as GameResult | '', s.termination as Termination | '');
    else if (s.pausedAt > 0) text = me ? 'Paused by staff' : 'Paused by staff · watching';
    else if (me) text = s.turn === me ? 'Your move' : `${colorName(s.turn as Color)} to move`;
    else text = `${colorName(s.turn as Color)} to move · watching`;
    if (s.status === 'playing' && s.drawOffer && s.drawOffer !== me)
      text += ` · ${colorName(s.drawOffer as Color)} offers a draw`;
    if (text !== this.shown.statusText) {
      this.shown.statusText = text;
      this.status.textContent = text;
      this.status.dataset.result = s.status === 'ended' ? s.result : '';
    }
  }

  private opponentGoneLongEnough(s: ChessState, me: Color | undefined): boolean {
    if (!me || s.status !== 'playing') return false;
    const opponent = s.players.get(opposite(me));
    return (
      !!opponent &&
      !opponent.connected &&
      opponent.goneSince > 0 &&
      Date.now() - opponent.goneSince > s.graceMs
    );
  }

  private play(uci: string): void {
    const game = this.game;
    if (!game) return;
    this.tell('');
    game.move(uci).catch((err: RookeryError) => {
      this.board?.reset();
      this.tell(err.message);
    });
  }

  private typedMove(event: Event): void {
    event.preventDefault();
    const pos = this.board?.position();
    if (!pos) return;
    const read = readTypedMove(pos, this.moveText.value);
    if ('problem' in read) {
      this.tell(read.problem);
      return;
    }
    this.moveText.value = '';
    this.play(read.uci);
  }

  private run(label: string, action: (game: ChessGameClient) => Promise<void>): void {
    const game = this.game;
    if (!game) return;
    this.tell('');
    action(game).catch((err: RookeryError) => this.tell(`${label}: ${err.message}`));
  }

  private rematch(): void {
    const game = this.game;
    if (!game) return;
    game.nextRematch().then(({ roomId }) => this.ctx.navigate(gamePath(roomId)));
    const accepting = game.state.rematchOffer && game.state.rematchOffer !== this.me;
    this.run('Rematch', (g) => (accepting ? g.acceptRematch() : g.offerRematch()));
  }
}
