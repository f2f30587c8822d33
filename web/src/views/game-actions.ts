import type { ChessGameClient } from '../../../client-sdk/chess.ts';
import type { ChessState } from '../../../schema/chess.state.ts';
import { type Color, opposite } from '../../../schema/chess.ts';
import { h } from '../dom.ts';

export interface ActionsInput {
  state: ChessState;
  /** The colour this player has; undefined for a spectator. */
  me: Color | undefined;
  canClaimVictory: boolean;
  /** Runs an action of the room, showing its refusal under `label`. */
  run(label: string, action: (game: ChessGameClient) => Promise<void>): void;
  replay(): void;
  home(): void;
  rematch(): void;
  /** A tournament's game: no rematch is offered. */
  inTournament?: boolean;
}

function button(label: string, onclick: () => void, attrs: Record<string, string | boolean> = {}) {
  return h('button', { type: 'button', onclick, ...attrs }, label);
}

/** Resign asks once more: a slip of the finger should not lose a game. */
function resignButton(run: ActionsInput['run']): HTMLElement {
  const holder = h('span', { class: 'confirm' });
  const ask = button('Resign', () => {
    holder.replaceChildren(
      button('Confirm resignation', () => run('Resign', (g) => g.resign()), { class: 'danger' }),
      button('Keep playing', () => holder.replaceChildren(ask)),
    );
    (holder.firstChild as HTMLElement).focus();
  });
  holder.append(ask);
  return holder;
}

/**
 * In an arena's game that allows it, before one's own first move (white's is the first, black's
 * the second) and only once: half one's time and the increment for an extra point on a win.
 */
export function mayBerserk(s: ChessState, me: Color): boolean {
  const already = me === 'white' ? s.berserkWhite : s.berserkBlack;
  const moved = s.moves.length >= (me === 'white' ? 1 : 2);
  return s.berserkAllowed && !already && !moved;
}

/** The buttons the state allows this player now. */
export function gameActions(input: ActionsInput): HTMLElement[] {
  const { state: s, me, run } = input;
  if (s.status === 'waiting') return me ? [button('Cancel', input.home)] : [];
  if (s.status === 'ended') {
    const out = [button('Replay and download', input.replay)];
    if (me && !input.inTournament) {
      const offeredByMe = s.rematchOffer === me;
      const offeredToMe = s.rematchOffer === opposite(me);
      out.push(
        button(offeredToMe ? 'Accept rematch' : offeredByMe ? 'Rematch offered' : 'Rematch', input.rematch, {
          disabled: offeredByMe,
        }),
      );
    }
    out.push(button('New game', input.home));
    return out;
  }
  if (!me) return [];
  const out: HTMLElement[] = [];
  if (s.moves.length < 2) out.push(button('Abort', () => run('Abort', (g) => g.abort())));
  if (mayBerserk(s, me))
    out.push(button('Berserk', () => run('Berserk', (g) => g.berserk()), { class: 'berserk' }));
  if (s.drawOffer === opposite(me)) {
    out.push(button('Accept draw', () => run('Draw', (g) => g.acceptDraw())));
    out.push(button('Decline draw', () => run('Draw', (g) => g.declineDraw())));
  } else if (s.drawOffer === me) {
    out.push(button('Draw offered', () => undefined, { disabled: true }));
  } else {
    out.push(button('Offer draw', () => run('Draw', (g) => g.offerDraw())));
  }
  if (s.claimableDraw && s.turn === me)
    out.push(button('Claim draw', () => run('Draw', (g) => g.claimDraw())));
  if (input.canClaimVictory)
    out.push(button('Claim victory', () => run('Claim victory', (g) => g.claimVictory())));
  out.push(resignButton(run));
  return out;
}
