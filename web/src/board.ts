import { Chessground } from 'chessground';
import type { Api } from 'chessground/api';
import type { Key } from 'chessground/types';
import type { Chess } from 'chessops/chess';
import { chessgroundDests } from 'chessops/compat';
import type { Role } from 'chessops/types';
import { parseSquare } from 'chessops/util';
import type { Color } from '../../schema/chess.ts';
import { h } from './dom.ts';
import { isPromotion, positionOf } from './position.ts';

const PROMOTIONS: { role: Role; letter: string; glyph: string; name: string }[] = [
  { role: 'queen', letter: 'q', glyph: '♛', name: 'queen' },
  { role: 'rook', letter: 'r', glyph: '♜', name: 'rook' },
  { role: 'bishop', letter: 'b', glyph: '♝', name: 'bishop' },
  { role: 'knight', letter: 'n', glyph: '♞', name: 'knight' },
];

export interface BoardOptions {
  orientation: Color;
  /** Called with the UCI of a move the player made on the board (promotion piece included). */
  onMove?: (uci: string) => void;
}

/**
 * A chessground board showing one position at a time. Legal destinations come from chessops, so
 * a piece can only be dropped (or clicked) where the rules allow; a pawn reaching the last rank
 * asks which piece it becomes. While the opponent is to move, the player may set a premove: it
 * is played as soon as the position shows the player's turn, if it is legal then (a premoved
 * promotion becomes a queen), and dropped otherwise. The element carries `data-fen`,
 * `data-orientation` and `data-premove` (the premove set, if any).
 */
export class Board {
  readonly el: HTMLElement;
  private readonly cg: Api;
  private pos: Chess | undefined;
  private fen = '';
  private readonly wrap: HTMLElement;

  constructor(private readonly options: BoardOptions) {
    this.wrap = h('div', { class: 'cg-wrap' });
    this.el = h('div', { class: 'board', role: 'img', 'aria-label': 'Chess board' }, this.wrap);
    this.el.dataset.orientation = options.orientation;
    this.cg = Chessground(this.wrap, {
      orientation: options.orientation,
      coordinates: true,
      viewOnly: !options.onMove,
      premovable: {
        enabled: !!options.onMove,
        showDests: true,
        events: {
          set: (orig, dest) => {
            this.el.dataset.premove = `${orig}${dest}`;
          },
          unset: () => {
            delete this.el.dataset.premove;
          },
        },
      },
      drawable: { enabled: false },
      animation: { enabled: true, duration: 150 },
      movable: {
        free: false,
        showDests: true,
        color: undefined,
        events: { after: (orig, dest, meta) => void this.moved(orig, dest, meta.premove) },
      },
    });
  }

  /**
   * Shows `fen`; `movable` is the colour the player plays while the game is on (none to only
   * look): moved now on its turn, premoved on the opponent's.
   */
  show(fen: string, lastMove?: string, movable?: Color): void {
    this.fen = fen;
    this.el.dataset.fen = fen;
    this.pos = positionOf(fen);
    const turn = this.pos?.turn ?? 'white';
    const playing = movable !== undefined && !!this.pos && !this.pos.isEnd();
    const canMove = playing && movable === turn;
    if (!playing) this.cg.cancelPremove();
    this.cg.set({
      fen,
      turnColor: turn,
      check: this.pos?.isCheck() ? turn : false,
      lastMove: lastMove ? ([lastMove.slice(0, 2), lastMove.slice(2, 4)] as Key[]) : undefined,
      movable: {
        color: playing ? movable : undefined,
        dests: canMove && this.pos ? (chessgroundDests(this.pos) as Map<Key, Key[]>) : new Map(),
      },
    });
    if (canMove) this.cg.playPremove();
  }

  /** Puts the pieces back where the last shown position has them (after a refused move). */
  reset(): void {
    this.cg.set({ fen: this.fen });
  }

  flip(): void {
    this.cg.toggleOrientation();
    this.el.dataset.orientation = this.cg.state.orientation;
  }

  /** A copy of the position shown, for reading typed moves against. */
  position(): Chess | undefined {
    return this.pos?.clone();
  }

  destroy(): void {
    this.cg.destroy();
  }

  private async moved(orig: Key, dest: Key, premove = false): Promise<void> {
    const from = parseSquare(orig);
    const to = parseSquare(dest);
    if (!this.pos || from === undefined || to === undefined) return;
    let uci = `${orig}${dest}`;
    if (isPromotion(this.pos, { from, to })) {
      const letter = premove ? 'q' : await this.choosePromotion(this.pos.turn);
      if (!letter) return this.reset();
      uci += letter;
    }
    this.options.onMove?.(uci);
  }

  /** Asks which piece a pawn becomes; resolves undefined when the player cancels. */
  private choosePromotion(color: Color): Promise<string | undefined> {
    return new Promise((resolve) => {
      const done = (letter: string | undefined) => {
        dialog.remove();
        resolve(letter);
      };
      const dialog = h(
        'div',
        {
          class: 'promotion',
          role: 'dialog',
          'aria-modal': 'true',
          'aria-label': 'Promote the pawn to',
          onkeydown: (e) => {
            if ((e as KeyboardEvent).key === 'Escape') done(undefined);
          },
        },
        PROMOTIONS.map((p) =>
          h(
            'button',
            {
              type: 'button',
              class: `promote ${color}`,
              'data-role': p.role,
              'aria-label': `Promote to ${p.name}`,
              onclick: () => done(p.letter),
            },
            p.glyph,
          ),
        ),
        h('button', { type: 'button', class: 'link', onclick: () => done(undefined) }, 'Cancel'),
      );
      this.el.append(dialog);
      dialog.querySelector('button')?.focus();
    });
  }
}
