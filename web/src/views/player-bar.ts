import type { ChessState } from '../../../schema/chess.state.ts';
import type { Color } from '../../../schema/chess.ts';
import { colorName } from '../chess-text.ts';
import { h, replace } from '../dom.ts';
import { type CapturedRole, materialOf } from '../material.ts';
import { playerName } from '../profile-link.ts';
import { rated, ratingDiffText, ratingText } from '../rating-text.ts';

/** One side of the board: the player's name and rating, what they have captured, their clock. */
export interface PlayerBar {
  el: HTMLElement;
  name: HTMLElement;
  material: HTMLElement;
  clock: HTMLElement;
}

export function playerBar(position: 'top' | 'bottom'): PlayerBar {
  const name = h('span', { class: 'player-name' });
  const material = h('span', { class: 'material' });
  const clock = h('span', { class: 'clock', role: 'timer', 'aria-live': 'off' }, '–');
  return {
    el: h(
      'div',
      { class: `player-bar ${position}` },
      h('span', { class: 'player-who' }, name, material),
      clock,
    ),
    name,
    material,
    clock,
  };
}

const GLYPHS: Record<CapturedRole, string> = { q: '♛', r: '♜', b: '♝', n: '♞', p: '♟' };
const NAMES: Record<CapturedRole, string> = { q: 'queen', r: 'rook', b: 'bishop', n: 'knight', p: 'pawn' };

/**
 * Shows the captured pieces of `color` (glyphs of the opponent's colour) and, for the side
 * ahead, the material difference (`+3`). Read out as words: "took a knight and 2 pawns, +4".
 */
export function showMaterial(el: HTMLElement, fen: string, color: Color): void {
  const { captured, advantage } = materialOf(fen)[color];
  const key = `${captured.join('')}|${advantage}|${color}`;
  if (el.dataset.key === key) return;
  el.dataset.key = key;
  el.dataset.advantage = String(advantage);
  const victim = color === 'white' ? 'black' : 'white';
  const counts = new Map<CapturedRole, number>();
  for (const role of captured) counts.set(role, (counts.get(role) ?? 0) + 1);
  const words = [...counts].map(([role, n]) => (n === 1 ? `a ${NAMES[role]}` : `${n} ${NAMES[role]}s`));
  el.setAttribute(
    'aria-label',
    captured.length === 0 ? 'no captures' : `took ${words.join(', ')}${advantage ? `, +${advantage}` : ''}`,
  );
  el.replaceChildren(
    h(
      'span',
      { class: `captured ${victim}`, 'aria-hidden': 'true' },
      captured.map((r) => GLYPHS[r]).join(''),
    ),
    advantage ? h('span', { class: 'advantage', 'aria-hidden': 'true' }, `+${advantage}`) : '',
  );
}

/** The name line of a live game's player: name (rating), the change once rated, and "away". */
export function showPlayer(bar: PlayerBar, s: ChessState, color: Color): void {
  const player = s.players.get(color);
  const name = player?.name || (s.status === 'waiting' ? 'Waiting for an opponent…' : colorName(color));
  const shown = player?.name ? rated(name, player.rating, player.provisional) : name;
  const diff = s.status === 'ended' && s.rated ? ratingDiffText(player?.ratingDiff) : '';
  const gone = player && !player.connected && player.name && !player.bot ? ' · away' : '';
  const berserk = (color === 'white' ? s.berserkWhite : s.berserkBlack) ? ' · berserk' : '';
  const text = `${shown}${diff}${gone}${berserk}`;
  // A player with an account links to their profile once the game has ended (a click mid-game
  // would pull them away from it).
  const linked = player?.name && !player.bot && s.status === 'ended' ? player.name : '';
  const key = `${text}|${linked}`;
  if (bar.name.dataset.key !== key) {
    bar.name.dataset.key = key;
    if (linked) {
      const rating = player?.rating ? ` (${ratingText(player.rating, player.provisional)})` : '';
      replace(bar.name, playerName(linked), `${rating}${diff}${gone}${berserk}`);
    } else bar.name.textContent = text;
  }
  bar.el.dataset.color = color;
  bar.el.toggleAttribute('data-berserk', berserk !== '');
  bar.clock.classList.toggle('running', s.clockRunning === color);
  showMaterial(bar.material, s.fen, color);
}
