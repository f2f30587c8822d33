import type { ChessGameClient, ChessRooms } from '../../client-sdk/chess.ts';
import { RookeryError } from '../../client-sdk/errors.ts';
import type { GolfTable } from '../../client-sdk/golf.ts';
import { type ChallengeClosedEvent, LobbyClient } from '../../client-sdk/lobby.ts';
import { Matchmaking } from '../../client-sdk/matchmaking.ts';
import type { RookeryClient } from '../../client-sdk/rest.ts';
import type { Color } from '../../schema/chess.ts';
import type { ChallengeDto, ChallengeOffer, GameTerms } from '../../schema/lobby.ts';
import type { PartyInvite } from '../../schema/party.ts';
import type { QueueInfo } from '../../schema/queues.ts';
import { PartyLink } from './party-link.ts';
import { QueueSearch } from './queue-search.ts';
import { showSessionEnded } from './session-ended.ts';
import { explain } from './views/auth.ts';

/** What a challenge offers: chess with its clock, or another game (golf) with its terms. */
export type ChallengeTerms =
  | { timeControl: string; rated: boolean }
  | (Omit<GameTerms, 'seats'> & { game: string; rated: boolean });

/** A challenge this player sent, as far as they know. */
export interface SentChallenge extends ChallengeDto {
  /** What became of it, when it will not be played. */
  outcome?: ChallengeClosedEvent['reason'];
}

export interface LobbySessionHooks {
  rookery: RookeryClient;
  chess: ChessRooms;
  /** The signed-in user's id, if any. */
  userId(): string | undefined;
  /**
   * Shows a game in which a seat is held for this player (`game`: a chess game already joined;
   * `of`: the name of the match's game, chess unless told).
   */
  toGame(
    gameId: string,
    seat: { color?: Color; game?: ChessGameClient; golf?: GolfTable; of?: string },
  ): void;
}

const RETRY_MS = [1000, 2000, 4000, 8000, 15_000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The signed-in player's standing connections for the whole visit, whatever the page shows: the
 * lobby (presence, seeks, challenges, chat, party invitations), their party and their queue
 * search. They outlive views, so a player stays online while playing, a party is still there
 * after its game, and any match made for the player (a seek, a challenge, a queue, the party's)
 * takes them to the game.
 */
export class LobbySession {
  lobby: LobbyClient | undefined;
  /** Why the lobby is not connected, while it is not. */
  lobbyProblem = '';
  /** Challenges made to this player, still open. */
  incoming: ChallengeOffer[] = [];
  sent: SentChallenge[] = [];
  invites: PartyInvite[] = [];
  party: PartyLink | undefined;
  /** Why the party ended, shown until the next one. */
  partyProblem = '';
  search: QueueSearch | undefined;
  /** Why the last search ended without a game. */
  searchProblem = '';
  readonly mm: Matchmaking;
  private readonly listeners = new Set<() => void>();
  /** Bumped when the player signs out or changes: late answers of the old session are dropped. */
  private generation = 0;
  private connecting = false;
  private userId: string | undefined;

  constructor(private readonly hooks: LobbySessionHooks) {
    this.mm = new Matchmaking(hooks.rookery, hooks.chess);
  }

  /** Calls `listener` after every change of anything shown; returns the unsubscriber. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Enters the lobby, unless already in it (or on the way); keeps trying while signed in. */
  connect(): void {
    const userId = this.hooks.userId();
    if (!userId || this.lobby || this.connecting) return;
    this.userId = userId;
    this.connecting = true;
    void this.open(this.generation);
  }

  /** After a sign-in, sign-out or sign-up: a different (or upgraded) player starts afresh. */
  sessionChanged(): void {
    if (this.userId === undefined && !this.lobby && !this.party && !this.search) return;
    this.end();
  }

  /** Leaves everything: the lobby, the party, the queue. */
  end(): void {
    this.generation += 1;
    this.connecting = false;
    this.userId = undefined;
    const lobby = this.lobby;
    this.lobby = undefined;
    void lobby?.leave().catch(() => undefined);
    this.search?.stop();
    this.search = undefined;
    this.party?.leave();
    this.party = undefined;
    this.incoming = [];
    this.sent = [];
    this.invites = [];
    this.lobbyProblem = this.partyProblem = this.searchProblem = '';
    this.changed();
  }

  /** Starts searching in `queue` (one search at a time). */
  startSearch(queue: QueueInfo): void {
    if (this.search) return;
    this.searchProblem = '';
    const generation = this.generation;
    this.search = new QueueSearch(queue, {
      mm: this.mm,
      changed: () => this.changed(),
      matched: (game, match) => {
        if (generation !== this.generation) return void game.leave().catch(() => undefined);
        this.search = undefined;
        this.changed();
        if (match.game === 'chess') {
          this.hooks.toGame(game.gameId, { color: match.color, game: game as ChessGameClient });
          return;
        }
        if (match.game === 'golf') {
          this.hooks.toGame(game.gameId, { of: 'golf', golf: game as GolfTable });
          return;
        }
        // The game's own page takes the seat again (it is kept for the grace period meanwhile).
        void game.leave().catch(() => undefined);
        this.hooks.toGame(game.gameId, { of: match.game });
      },
      ended: (search, problem) => {
        if (this.search !== search) return;
        this.search = undefined;
        this.searchProblem = problem;
        this.changed();
      },
    });
    this.changed();
  }

  /** Challenges `opponent` (who must be in the lobby); they answer there. */
  /** Challenges a player online: to chess with a clock, or to another game with its terms. */
  async challenge(opponent: string, terms: ChallengeTerms): Promise<void> {
    const sent =
      'timeControl' in terms
        ? await this.hooks.rookery.challenge(opponent, terms.timeControl, terms.rated)
        : await this.hooks.rookery.challengeTo(opponent, terms);
    this.sent = [...this.sent.filter((c) => c.id !== sent.id), sent];
    this.changed();
  }

  dismissSent(id: string): void {
    this.sent = this.sent.filter((c) => c.id !== id);
    this.changed();
  }

  /** Answers a challenge made to this player; accepting leads to the game (a `match`). */
  async answer(challengeId: string, accept: boolean): Promise<void> {
    const lobby = this.requireLobby();
    if (accept) await lobby.acceptChallenge(challengeId);
    else await lobby.declineChallenge(challengeId);
    this.incoming = this.incoming.filter((c) => c.id !== challengeId);
    this.changed();
  }

  /** Opens a new party led by this player (leaving the current one). */
  async createParty(): Promise<void> {
    await this.takeParty(() => this.mm.createParty());
  }

  /** Joins a party by its invite code (leaving the current one, unless it is that party). */
  async joinParty(code: string): Promise<void> {
    const wanted = code.trim().toUpperCase();
    if (this.party?.code === wanted) return;
    await this.takeParty(() => this.mm.joinParty(wanted));
    this.invites = this.invites.filter((i) => i.partyId !== wanted);
    this.changed();
  }

  leaveParty(): void {
    this.party?.leave();
    this.party = undefined;
    this.partyProblem = '';
    this.changed();
  }

  dismissInvite(partyId: string): void {
    this.invites = this.invites.filter((i) => i.partyId !== partyId);
    this.changed();
  }

  /** A match made elsewhere (the lobby, the party) ends a search of this player's own. */
  private playMatch(roomId: string, seat: { color?: Color; game?: string }): void {
    this.search?.stop();
    this.hooks.toGame(roomId, { ...(seat.color ? { color: seat.color } : {}), of: seat.game ?? 'chess' });
  }

  private requireLobby(): LobbyClient {
    if (!this.lobby) throw new RookeryError('NETWORK', 'Not connected to the lobby yet.', 0);
    return this.lobby;
  }

  private async takeParty(open: () => Promise<PartyLink['client']>): Promise<void> {
    const generation = this.generation;
    const client = await open();
    if (generation !== this.generation) {
      void client.leave().catch(() => undefined);
      return;
    }
    this.party?.leave();
    this.partyProblem = '';
    this.party = new PartyLink(client, {
      changed: () => this.changed(),
      matched: (match) => this.playMatch(match.roomId, match),
      closed: (link, why) => {
        if (this.party !== link) return;
        this.party = undefined;
        this.partyProblem = why;
        this.changed();
      },
    });
    this.changed();
  }

  private async open(generation: number): Promise<void> {
    for (let attempt = 0; generation === this.generation; attempt++) {
      try {
        const lobby = await LobbyClient.join(this.hooks.rookery, { chess: this.hooks.chess });
        if (generation !== this.generation) {
          void lobby.leave().catch(() => undefined);
          return;
        }
        this.attach(lobby, generation);
        return;
      } catch (err) {
        if (generation !== this.generation) return;
        this.lobbyProblem = `The lobby cannot be reached: ${explain(err)}`;
        this.changed();
        if (err instanceof RookeryError && err.status === 401) break;
        await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!);
      }
    }
    if (generation === this.generation) this.connecting = false;
  }

  private attach(lobby: LobbyClient, generation: number): void {
    this.lobby = lobby;
    this.connecting = false;
    this.lobbyProblem = '';
    const live = () => generation === this.generation && this.lobby === lobby;
    lobby.onChange(() => live() && this.changed());
    lobby.onMatch((match) => {
      if (!live()) return;
      if (match.origin === 'challenge') void this.forgetAnswered();
      this.playMatch(match.roomId, match);
    });
    lobby.onChallenge((offer) => {
      this.incoming = [...this.incoming.filter((c) => c.id !== offer.id), offer];
      this.changed();
    });
    lobby.onChallengeClosed((event) => {
      this.incoming = this.incoming.filter((c) => c.id !== event.id);
      this.sent = this.sent.map((c) => (c.id === event.id ? { ...c, outcome: event.reason } : c));
      this.changed();
    });
    void (async () => {
      for (;;) {
        const invite = await lobby.nextPartyInvite();
        if (!live()) return;
        this.invites = [...this.invites.filter((i) => i.partyId !== invite.partyId), invite];
        this.changed();
      }
    })().catch(() => undefined);
    // The SDK follows the lobby to another server process by itself; this is when it gave up.
    lobby.onClose((code) => {
      if (!live()) return;
      this.lobby = undefined;
      // Moderation ended the session: said at the top of the page, and not joined again.
      if (showSessionEnded(code)) {
        this.lobbyProblem = 'You are no longer in the lobby.';
        this.changed();
        return;
      }
      this.lobbyProblem = 'The connection to the lobby was lost: joining it again…';
      this.changed();
      this.connecting = true;
      void this.open(generation);
    });
    this.changed();
  }

  /** A challenge of ours was accepted: which one is told by the API, not by the match. */
  private async forgetAnswered(): Promise<void> {
    const pending = this.sent.filter((c) => !c.outcome);
    const answered = await Promise.all(
      pending.map((c) =>
        this.hooks.rookery.challengeStatus(c.id).then(
          (now) => (now.status === 'pending' ? undefined : c.id),
          () => c.id,
        ),
      ),
    );
    this.sent = this.sent.filter((c) => !answered.includes(c.id));
    this.changed();
  }
}
