import { PartyMemberState, type PartyState } from '../../schema/party.state.ts';
import type { ActorSchedule } from '../actor/schedule.ts';
import type { PartySnapshot } from '../shared/parties.ts';
import type { PartyRoomDeps } from './deps.ts';
import type { SavedMember } from './party.ts';
import type { PartyQueueing } from './queueing.ts';

/**
 * Keeps a party's snapshot in presence after every change, so that when its node dies or drains
 * another node rebuilds the party from it under the same code. The snapshot lapses unless
 * refreshed: a party whose node is long dead is not rebuilt.
 */
export class PartyKeeper {
  /** The snapshot last saved, as JSON: an unchanged party is not written again. */
  private saved = '';

  constructor(
    private readonly state: PartyState,
    private readonly queueing: PartyQueueing,
    private readonly deps: Pick<PartyRoomDeps, 'parties' | 'log' | 'settings'>,
    /** The party goes on elsewhere: this copy saves nothing more. */
    private readonly goingElsewhere: () => boolean,
  ) {}

  /** The party as its snapshot says; every member is away until they join again. */
  async rebuild(snapshot: PartySnapshot): Promise<void> {
    for (const m of snapshot.members) this.state.members.set(m.userId, memberState(m, false));
    this.state.leaderId = snapshot.leaderId;
    await this.queueing.restore(snapshot);
    // As it is, the party needs no saving.
    this.saved = JSON.stringify(this.snapshot());
  }

  snapshot(): PartySnapshot {
    const members = [...this.state.members.values()].map(({ userId, name, guest, joinedAt, ready }) => {
      return { userId, name, guest, joinedAt, ready };
    });
    return { partyId: this.state.partyId, leaderId: this.state.leaderId, members, ...this.queueing.saved() };
  }

  /** Saves the snapshot if it changed (or, `force`d, to refresh it). */
  async save(force = false): Promise<void> {
    if (this.goingElsewhere()) return;
    const snapshot = this.snapshot();
    // An empty party (being created, or over) has nothing worth rebuilding.
    if (snapshot.members.length === 0) return;
    const json = JSON.stringify(snapshot);
    if (json === this.saved && !force) return;
    try {
      await this.deps.parties.save(snapshot);
      this.saved = json;
    } catch (err) {
      this.deps.log.warn({ err, partyId: this.state.partyId }, 'could not save the party snapshot');
    }
  }

  /** Refreshes the snapshot every `snapshotRefreshMs`, as one of the party's steps. */
  keep(schedule: ActorSchedule): void {
    schedule.every('snapshot', this.deps.settings.snapshotRefreshMs, () =>
      schedule.serially(() => this.save(true)),
    );
  }
}

/** A member as the synced state shows them (not ready until they say so). */
export function memberState(
  m: Omit<SavedMember, 'ready'> & { ready?: boolean },
  connected: boolean,
): PartyMemberState {
  const member = new PartyMemberState();
  Object.assign(member, { ...m, ready: m.ready ?? false, connected });
  return member;
}
