import type { Room } from '@colyseus/sdk';
import { computerChoice } from '../../../rooms/games/golf/bot.ts';
import { PERSONALITIES } from '../../../rooms/games/golf/personalities.ts';
import type { GolfView } from '../../../rooms/games/golf/view.ts';
import { seededRandom } from '../../../rooms/rules/random.ts';
import type { MatchState } from '../../../schema/match.state.ts';
import { framesOf } from './tap.ts';

/**
 * A person at a golf table, through the SDK: plays each view of its seat as a steady player would
 * (once per state), while `willing()`. Returns the views its seat was sent.
 */
export function playGolfSeat(
  room: Room<MatchState>,
  seat: number,
  seed: number,
  willing: () => boolean = () => true,
): GolfView[] {
  const views: GolfView[] = [];
  const random = seededRandom(seed);
  let acted = '';
  for (const type of ['time', 'error', 'rematch']) room.onMessage(type, () => undefined);
  const onView = (view: GolfView) => {
    views.push(view);
    const key = `${view.hole}:${view.turns}:${view.phase}`;
    if (view.status !== 'playing' || view.turn !== seat || key === acted || !willing()) return;
    const command = computerChoice(view, seat, PERSONALITIES['steady-player'], random);
    if (!command) return;
    acted = key;
    room.send(command.type, command.payload);
  };
  room.onMessage('view', onView);
  // A view that came with the join, before the handler was set.
  const early = framesOf(room)
    .flatMap((f) => f.messages)
    .filter((m) => m.type === 'view');
  if (early.length > 0) onView(early.at(-1)!.message as GolfView);
  return views;
}
