import { randomBytes } from 'node:crypto';
import type { SeekState } from '../../schema/lobby.state.ts';
import type { SeekAccepted, SeekCreatePayload } from '../../schema/lobby.ts';
import type { ChallengeParty, RatingView } from '../../server/services/ports.ts';
import { accepted, type Checked, refused } from '../rules/refusal.ts';
import type { GameCatalog } from './game-terms.ts';
import { seekState } from './projection.ts';
import { acceptRefusal, hasRange, type Seek, seatsLeft, seekTerms } from './seeks.ts';

/** What the seeks need from the lobby that holds them. */
export interface SeekBoardHost {
  now(): number;
  maxSeeksPerUser: number;
  catalog: GameCatalog;
  ratingOf(userId: string, pool: string): Promise<RatingView>;
  isOnline(userId: string): boolean;
  /** Whether `viewerId` may see (and so take) what `ownerId` posts: not when the owner blocks them. */
  sees(viewerId: string, ownerId: string): boolean;
  /** The synced list every lobby connection sees. */
  shown: { set(id: string, seek: SeekState): unknown; delete(id: string): unknown };
  /**
   * Creates the match of a seek whose seats are all taken and tells its players; its room id.
   * `players` in seat order: the poster, then those who accepted.
   */
  startMatch(seek: Seek, players: ChallengeParty[]): Promise<string>;
}

/**
 * The lobby's open seeks, kept in step with the synced state. As in the rest of the lobby, each
 * change is checked and made without a wait between: ratings are looked up before the check, the
 * match is created after the seek is taken off the board (and the seek put back if that fails).
 */
export class SeekBoard {
  private readonly seeks = new Map<string, Seek>();

  constructor(private readonly host: SeekBoardHost) {}

  async post(user: ChallengeParty, request: SeekCreatePayload): Promise<Checked<{ seekId: string }>> {
    const check = () =>
      seekTerms(request, user, this.of(user.userId).length, this.host.maxSeeksPerUser, this.host.catalog);
    const first = check();
    if (!first.ok) return first;
    const rating = user.guest ? undefined : await this.host.ratingOf(user.userId, first.value.category);
    // Looked at again after the wait: another seek of the user may have come in meanwhile.
    const terms = check();
    if (!terms.ok) return terms;
    if (!this.host.isOnline(user.userId)) return refused('USER_NOT_ONLINE', 'you left the lobby');
    const seek: Seek = {
      ...terms.value,
      id: randomBytes(9).toString('base64url'),
      userId: user.userId,
      name: user.name,
      guest: user.guest,
      rating: rating ? Math.round(rating.rating) : 0,
      provisional: rating?.provisional ?? false,
      createdAt: this.host.now(),
      joined: [],
    };
    this.add(seek);
    return accepted({ seekId: seek.id });
  }

  /** Withdraws one's own seek, or one's place at the table of someone else's. */
  cancel(user: ChallengeParty, seekId: string): Checked<object> {
    const seek = this.seeks.get(seekId);
    if (seek?.userId === user.userId) {
      this.remove(seekId);
      return accepted({});
    }
    if (!seek?.joined.some((p) => p.userId === user.userId)) {
      return refused('SEEK_NOT_FOUND', 'you have no such seek');
    }
    this.add({ ...seek, joined: seek.joined.filter((p) => p.userId !== user.userId) });
    return accepted({});
  }

  /**
   * Takes a seek, or a place at its table: when that was its last open seat, the match starts
   * with every player of it (`roomId`); until then the seek stays up with `seatsLeft` open.
   */
  async accept(user: ChallengeParty, seekId: string): Promise<Checked<SeekAccepted>> {
    const wanted = this.seeks.get(seekId);
    let rating: number | null = null;
    if (wanted && hasRange(wanted) && !user.guest && wanted.userId !== user.userId) {
      rating = Math.round((await this.host.ratingOf(user.userId, wanted.category)).rating);
    }
    // After the wait the seek may be gone (taken, withdrawn); a seek never changes its terms.
    // A seek its poster's block hides from the accepter is not there for them.
    const found = this.seeks.get(seekId);
    const seek = found && this.host.sees(user.userId, found.userId) ? found : undefined;
    const refusal = acceptRefusal(seek, user, rating);
    if (refusal || !seek) return { ok: false, refusal: refusal! };
    const me = { userId: user.userId, name: user.name, guest: user.guest };
    const taken = { ...seek, joined: [...seek.joined, me] };
    if (seatsLeft(taken) > 0) {
      this.add(taken);
      return accepted({ seatsLeft: seatsLeft(taken) });
    }
    this.remove(seek.id);
    const poster = { userId: seek.userId, name: seek.name, guest: seek.guest };
    try {
      return accepted({ roomId: await this.host.startMatch(seek, [poster, ...taken.joined]) });
    } catch (err) {
      // The poster keeps the seek if they are still here, with the places already held.
      if (this.host.isOnline(seek.userId)) this.add(seek);
      throw err;
    }
  }

  /** Takes every seek of the user off the board, and their places at others' (they left, or sat down to play). */
  withdrawAll(userId: string): void {
    for (const seek of this.of(userId)) this.remove(seek.id);
    for (const seek of this.seeks.values()) {
      if (seek.joined.some((p) => p.userId === userId))
        this.add({ ...seek, joined: seek.joined.filter((p) => p.userId !== userId) });
    }
  }

  private of(userId: string): Seek[] {
    return [...this.seeks.values()].filter((seek) => seek.userId === userId);
  }

  private add(seek: Seek): void {
    this.seeks.set(seek.id, seek);
    this.host.shown.set(seek.id, seekState(seek));
  }

  private remove(seekId: string): void {
    this.seeks.delete(seekId);
    this.host.shown.delete(seekId);
  }
}
