import { RookeryError } from '../../client-sdk/errors.ts';
import type { Matchmaking, QueueGameName, QueueGames, QueueTicket } from '../../client-sdk/matchmaking.ts';
import type { QueueInfo, QueueMatch, QueueStatus } from '../../schema/queues.ts';
import { explain } from './views/auth.ts';

/** Where a search stands: taking the ticket, waiting in the pool, or taking the seat found. */
export type SearchPhase = 'joining' | 'searching' | 'seating';

export interface QueueSearchHooks {
  mm: Matchmaking;
  /** Something shown changed (phase, status, notice). */
  changed(): void;
  /** The match started with this player seated (a chess game or a golf table): show the game. */
  matched(game: QueueGames[QueueGameName], match: QueueMatch): void;
  /** The search is over without a game: `problem` says why (empty when the player stopped it). */
  ended(search: QueueSearch, problem: string): void;
}

const isMatch = (m: { type: string }) => m.type === 'match';

/**
 * One player's search in one queue, as `Matchmaking.play` runs it, but stoppable: the ticket
 * (the queue connection) is kept here so the player can leave the queue at any moment.
 */
export class QueueSearch {
  phase: SearchPhase = 'joining';
  /** The latest status the queue pushed (band, pool size, estimated wait). */
  status: QueueStatus | undefined;
  /** Something the player should know while the search goes on (an opponent who did not come). */
  notice = '';
  private ticket: QueueTicket | undefined;
  private stopped = false;

  constructor(
    readonly queue: QueueInfo,
    private readonly hooks: QueueSearchHooks,
  ) {
    void this.run();
  }

  /** Leaves the queue (a seat being taken is given up). */
  stop(): void {
    this.stopped = true;
    void this.ticket?.cancel().catch(() => undefined);
  }

  private async run(): Promise<void> {
    try {
      const ticket = await this.hooks.mm.join(this.queue.id);
      this.ticket = ticket;
      if (this.stopped) throw new Error('stopped');
      ticket.onStatus((status) => {
        this.status = status;
        if (this.phase === 'joining') this.phase = 'searching';
        this.hooks.changed();
      });
      this.phase = 'searching';
      this.hooks.changed();
      for (;;) {
        const match = (await ticket.inbox.next(isMatch)) as QueueMatch;
        this.phase = 'seating';
        this.notice = '';
        this.hooks.changed();
        const game = await this.hooks.mm.takeSeat(match);
        const outcome = await ticket.inbox.next((m) => m.type !== 'status' && m.type !== 'match');
        if (outcome.type === 'matched') {
          this.hooks.matched(game, match);
          return;
        }
        void game.leave().catch(() => undefined);
        if (outcome.type === 'dequeued')
          throw new RookeryError('SEAT_EXPIRED', 'The seat was not taken in time: you left the queue.', 0);
        this.phase = 'searching';
        this.notice = 'Someone did not come: searching again, with the time already waited.';
        this.hooks.changed();
      }
    } catch (err) {
      await this.ticket?.cancel().catch(() => undefined);
      this.hooks.ended(this, this.stopped ? '' : explain(err));
    }
  }
}
