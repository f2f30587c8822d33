import assert from 'node:assert/strict';
import type { Golf } from '../../../rooms/games/golf/game.ts';
import { deck } from '../../../rooms/games/golf/scoring.ts';
import { golfView } from '../../../rooms/games/golf/view.ts';
import type { Viewer } from '../../../rooms/match/game-module.ts';
import type { Frame } from './tap.ts';

/**
 * What a viewer of a game of Golf may know, from the game itself (not from the view function):
 * and the checks that what a client received never holds a card it may not know yet.
 */

/** Every card's text; a card's text never looks like any other text on the wire. */
export const CARD_TEXTS: readonly string[] = [...new Set(deck(1))];

const CARD = /[♠♥♦♣][A2-9TJQK]|★X/gu;
export const cardsIn = (text: string): string[] => text.match(CARD) ?? [];

/** The cards `viewer` may see in `game`: face up, the discard's top, a card it holds, the scored holes. */
export function allowed(game: Golf, viewer: Viewer): Set<string> {
  const out = new Set<string>();
  for (const [s, grid] of game.grids.entries())
    for (const [i, card] of grid.entries()) if (game.up[s]![i]) out.add(card);
  const top = game.discard.at(-1);
  if (top) out.add(top);
  if (game.drawn && (game.phase === 'took' || viewer === game.turn)) out.add(game.drawn);
  for (const hole of game.played) for (const grid of hole.grids) for (const card of grid) out.add(card);
  return out;
}

/**
 * Checks one view against the game it was made from: each position shows its card exactly when
 * it is face up, and no card text appears that the viewer may not see.
 */
export function checkView(game: Golf, viewer: Viewer, sent: string, where: string): void {
  const view = JSON.parse(sent) as { grids: Array<Array<string | null>>; drawn: string | null };
  for (const [s, grid] of game.grids.entries())
    for (const [i, card] of grid.entries()) {
      const shown = view.grids[s]?.[i];
      assert.equal(shown, game.up[s]![i] ? card : null, `${where}: seat ${s} position ${i} for ${viewer}`);
    }
  const may = allowed(game, viewer);
  for (const card of cardsIn(sent)) assert.ok(may.has(card), `${where}: ${viewer} was shown ${card}`);
}

/** The cards `viewer` had been shown by the view of each state up to each index, as a running union. */
export function revealedUpTo(states: readonly Golf[], viewer: Viewer): Array<Set<string>> {
  const out: Array<Set<string>> = [];
  let seen = new Set<string>();
  for (const game of states) {
    seen = new Set([...seen, ...cardsIn(JSON.stringify(golfView(game, viewer)))]);
    out.push(seen);
  }
  return out;
}

/**
 * Checks every message one client received, byte by byte: each `view` message and each state's
 * view it decoded must be the view of some state of the log (in order), and the bytes of each
 * message hold no card the client had not been shown by then.
 */
export function checkFrames(
  states: readonly Golf[],
  viewer: Viewer,
  frames: readonly Frame[],
  where: string,
): number {
  const seatViews = typeof viewer === 'number' ? states.map((g) => JSON.stringify(golfView(g, viewer))) : [];
  const shown = states.map((g) => JSON.stringify(golfView(g, 'spectator')));
  const revealed = revealedUpTo(states, viewer);
  const find = (list: string[], from: number, sent: string, what: string) => {
    const k = list.indexOf(sent, from);
    assert.ok(k >= 0, `${where}: ${what} received is the view of no state of the log at or after ${from}`);
    return k;
  };
  let seatK = 0;
  let shownK = 0;
  let bytes = 0;
  for (const frame of frames) {
    for (const { type, message } of frame.messages)
      if (type === 'view') {
        assert.equal(typeof viewer, 'number', `${where}: a spectator was sent a seat's view`);
        seatK = find(seatViews, seatK, JSON.stringify(message), 'a view message');
        checkView(states[seatK]!, viewer, seatViews[seatK]!, where);
      }
    if (frame.view) {
      shownK = find(shown, shownK, frame.view, "the state's view");
      checkView(states[shownK]!, 'spectator', frame.view, where);
    }
    const known = revealed[Math.max(seatK, shownK)]!;
    for (const card of CARD_TEXTS)
      if (!known.has(card))
        assert.ok(
          !frame.bytes.includes(Buffer.from(card)),
          `${where}: ${card} reached ${viewer} before it was shown`,
        );
    bytes += frame.bytes.length;
  }
  return bytes;
}
