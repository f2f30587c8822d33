import type { QueueTickets } from '../rules/matchmaking-tickets.ts';
import type { SeatingOutcome } from '../shared/matches.ts';
import type { QueueRoomDeps } from './deps.ts';

type Settled = NonNullable<ReturnType<QueueTickets['settle']>>;

/**
 * What a settled match tells the queue's metrics: how long its players waited and how good the
 * match was when it started; how many seats expired when it was cancelled; a warning when it never
 * reported at all (its tickets wait again).
 */
export function countSettled(
  deps: Pick<QueueRoomDeps, 'metrics' | 'log'>,
  queue: string,
  outcome: SeatingOutcome,
  settled: Settled,
  now: number,
): void {
  if (outcome.type === 'started') {
    const waited = settled.fates.map(({ ticket }) => (now - ticket.since) / 1000);
    deps.metrics.matched(queue, waited, settled.match.quality);
  } else if (outcome.absent.length > 0) {
    deps.metrics.seatsExpired(queue, new Set(outcome.absent).size);
  } else if (outcome.seated.length === 0) {
    deps.log.warn({ queue, roomId: outcome.roomId }, 'a match never reported; its tickets wait again');
  }
}
