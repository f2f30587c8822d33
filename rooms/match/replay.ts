import type {
  GameReplays,
  LoggedEvent,
  ReplayedGame,
  ReplayFrame,
  ReplayRefusal,
} from '../../server/services/ports.ts';
import type { GameRegistry } from '../games/registry.ts';
import type { AnyGameModule } from './game-module.ts';
import { PAUSE_EVENT } from './staff.ts';

/**
 * A game's log played again through its module, outside any room: what the records' reads need
 * (an export checked before it is imported, a replay shown step by step). Pure but for the
 * registry it is given: the module decides everything, as it did when the game was played.
 */

type Stepped = { ok: true; before: unknown; after: unknown; event: LoggedEvent };

/** Applies each event in turn; `visit` sees every step; the first refusal stops it. */
function replayWith(
  module: AnyGameModule,
  options: Record<string, unknown>,
  events: readonly LoggedEvent[],
  visit: (step: Stepped) => void,
): { ok: true; game: unknown } | ReplayRefusal {
  const parsed = module.parseOptions(options);
  if (!parsed.ok) return { ok: false, seq: 0, message: `the options are refused: ${parsed.refusal.message}` };
  let game: unknown = module.create(parsed.value);
  let seq = 0;
  for (const logged of events) {
    if (logged.seq !== seq + 1)
      return { ok: false, seq: logged.seq, message: `event ${logged.seq} follows event ${seq}` };
    seq = logged.seq;
    // Staff's pause changes no game: the module's `resume` after it gives the time back.
    if (logged.event.type === PAUSE_EVENT) continue;
    const next = module.apply(game, module.upgrade(logged.event, logged.v));
    if (!next.ok)
      return { ok: false, seq, message: `event ${seq} cannot be played: ${next.refusal.message}` };
    visit({ ok: true, before: game, after: next.value, event: logged });
    game = next.value;
  }
  return { ok: true, game };
}

/** The replays of the games of `games`; an unknown game's log is refused. */
export function gameReplays(games: Pick<GameRegistry, 'get'>): GameReplays {
  const moduleOf = (name: string): { ok: true; module: AnyGameModule } | ReplayRefusal => {
    const module = games.get(name)?.module;
    return module
      ? { ok: true, module }
      : { ok: false, seq: 0, message: `this server does not host the game "${name}"` };
  };

  return {
    replay(name, options, events, context) {
      const found = moduleOf(name);
      if (!found.ok) return found;
      const { module } = found;
      const derivedBySeq = new Map<number, Record<string, unknown> | undefined>();
      const played = replayWith(module, options, events, ({ after, event }) =>
        derivedBySeq.set(event.seq, module.derived?.(after, module.upgrade(event.event, event.v))),
      );
      if (!played.ok) return played;
      const derived = events.map((event) => derivedBySeq.get(event.seq));
      const ending = module.ending(played.game);
      return {
        ok: true,
        status: module.status(played.game),
        ending,
        record: ending ? module.record(played.game, context) : null,
        derived,
      } satisfies ReplayedGame;
    },

    frames(name, options, events) {
      const found = moduleOf(name);
      if (!found.ok) return found;
      const { module } = found;
      const frames: ReplayFrame[] = [];
      const played = replayWith(module, options, events, ({ before, after, event }) => {
        const shown = module.replayFrames
          ? module.replayFrames(before, after, event.event)
          : [{ move: { type: event.event.type }, view: module.view(after, 'spectator') }];
        for (const frame of shown) {
          const at = event.event.at;
          const seat = typeof event.event.seat === 'number' ? event.event.seat : null;
          frames.push({ seq: event.seq, at, seat, ...frame });
        }
      });
      return played.ok ? { ok: true, frames } : played;
    },
  };
}
