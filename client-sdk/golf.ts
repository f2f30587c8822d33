import { Client as ColyseusClient, type Room } from '@colyseus/sdk';
import type { GolfOptions, GolfView } from '../schema/golf.ts';
import type { MatchState } from '../schema/match.state.ts';
import type { RookeryClient } from './rest.ts';
import { toRequestError, whenNoRoom } from './room-errors.ts';
import { joinWithSession } from './session-join.ts';
import { type StaffNotice, type StaffSubscribe, staffMessages } from './staff-notice.ts';

/** How a golf table is opened: its size, pace and house rules (`docs/golf.md`), all optional. */
export type GolfTableOptions = Partial<GolfOptions> & {
  /** Casual unless asked (and only between accounts). */
  rated?: boolean;
  /** The seat asked for, 0–5. */
  seat?: number;
};

/**
 * One seat at (or a spectator of) a golf table. `view` is what this client may see: its seat's
 * own view (its drawn card included), or the spectator's view. Each action is a request that
 * resolves once the server has accepted and recorded it, and rejects with a `RookeryError`
 * (`NOT_YOUR_TURN`, `ILLEGAL_MOVE`, …) otherwise.
 */
export class GolfTable {
  private seatView: GolfView | undefined;
  private readonly waiters = new Set<() => void>();
  /** Server time minus this machine's, from the room's `time` message. */
  private offsetMs = 0;

  constructor(readonly room: Room<MatchState>) {
    room.onMessage('view', (view: GolfView) => {
      this.seatView = view;
      this.changed();
    });
    room.onStateChange(() => this.changed());
    room.onMessage('time', (message: { serverTime: number }) => {
      this.offsetMs = message.serverTime - Date.now();
    });
    for (const type of ['error', 'rematch']) room.onMessage(type, () => undefined);
    this.staff = staffMessages(room);
  }

  private readonly staff: StaffSubscribe;

  /** Staff paused, resumed or ended the game (`docs/protocol.md`, the `staff` message). */
  onStaff(listener: (notice: StaffNotice) => void): () => void {
    return this.staff(listener);
  }

  get gameId(): string {
    return this.room.roomId;
  }

  /** This client's view: its seat's when it has one, else the spectator's. */
  get view(): GolfView | undefined {
    const shown = this.room.state?.view;
    return this.seatView ?? (shown ? (JSON.parse(shown) as GolfView) : undefined);
  }

  /** This client's seat, once its seat's view has come; undefined for a spectator. */
  get seat(): number | undefined {
    return this.seatView?.seat;
  }

  /**
   * How long the player to act has left, in ms (0 once the deadline has passed), read against the
   * server's clock; null when no turn is running (waiting for players, ended). While staff have
   * paused the game, what was left at the pause.
   */
  turnLeft(now: number = Date.now()): number | null {
    const deadline = this.view?.deadline;
    if (deadline === null || deadline === undefined || this.view?.status !== 'playing') return null;
    // Never more than a whole turn, whatever the delay in hearing the server's time.
    const { turnMs } = JSON.parse(this.room.state.options || '{}') as { turnMs?: number };
    // While staff have paused the game the turn's time stands where the pause left it.
    const pausedAt = this.room.state.pausedAt ?? 0;
    const at = pausedAt > 0 ? pausedAt : now + this.offsetMs;
    return Math.min(turnMs ?? Number.POSITIVE_INFINITY, Math.max(0, deadline - at));
  }

  draw(): Promise<void> {
    return this.ask('draw');
  }
  take(): Promise<void> {
    return this.ask('take');
  }
  swap(index: number): Promise<void> {
    return this.ask('swap', { index });
  }
  /** Discards a drawn card; `flip` turns up that face-down card when the view's `discardFlip` allows. */
  discard(flip?: number): Promise<void> {
    return this.ask('discard', flip === undefined ? undefined : { flip });
  }
  /** With `flipAsAction`: turns up a face-down card instead of drawing. */
  flip(index: number): Promise<void> {
    return this.ask('flip', { index });
  }
  /** With `knockEarly`: turns up the last one or two face-down cards and goes out. */
  knock(): Promise<void> {
    return this.ask('knock');
  }

  /** Resolves once `predicate` holds for the view (checked now and after every change). */
  until(predicate: (view: GolfView) => boolean, timeoutMs = 10_000): Promise<GolfView> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const view = this.view;
        if (!view || !predicate(view)) return false;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(view);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`view condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  leave(): Promise<number> {
    return this.room.leave(true);
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async ask(type: string, payload?: unknown): Promise<void> {
    try {
      await this.room.request(type, payload);
    } catch (err) {
      throw toRequestError(err);
    }
  }
}

/**
 * Golf tables with the session of a {@link RookeryClient}.
 *
 * @example
 *   const golf = new GolfRooms(rookery.rest);
 *   const table = await golf.vsComputer({ holes: 1, level: 'pair-hunter', superKings: true });
 */
export class GolfRooms {
  readonly colyseus: ColyseusClient;

  constructor(
    private readonly rookery: RookeryClient,
    baseUrl?: string,
  ) {
    this.colyseus = new ColyseusClient(baseUrl ?? rookery.baseUrl);
  }

  /** Joins an open table with the same options, or opens one and waits there. */
  play(options: GolfTableOptions = {}): Promise<GolfTable> {
    return this.join((c) => c.joinOrCreate<MatchState>('golf', { ...options }));
  }

  /** A private table, shared by its `gameId`; `computers` seats that many computer players. */
  privateTable(options: GolfTableOptions & { computers?: number; level?: string } = {}): Promise<GolfTable> {
    return this.join((c) => c.create<MatchState>('golf', { ...options, private: true }));
  }

  /** Every other seat a computer player of that personality (`docs/golf.md`). */
  vsComputer(options: GolfTableOptions & { level?: string } = {}): Promise<GolfTable> {
    return this.join((c) => c.create<MatchState>('golf', { ...options, vsBot: true }));
  }

  /** Takes a seat at (or comes back to) a table by its id. */
  joinTable(gameId: string, options: { seat?: number } = {}): Promise<GolfTable> {
    return this.join((c) => c.joinById<MatchState>(gameId, { ...options })).catch(
      whenNoRoom('GAME_NOT_FOUND', `no golf table "${gameId}"`),
    );
  }

  /** Watches a table; works without signing in. */
  async spectate(gameId: string): Promise<GolfTable> {
    const session = await this.rookery.session();
    return this.join((c) => c.joinById<MatchState>(gameId, { spectate: true }), session !== undefined);
  }

  private async join(open: (client: ColyseusClient) => Promise<Room<MatchState>>, signedIn = true) {
    const { room } = await joinWithSession(this.rookery, this.colyseus, open, signedIn);
    return new GolfTable(room);
  }
}
