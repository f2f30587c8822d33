import type { FriendsDto, ListedUserDto } from '../../schema/social.ts';
import type { Database, Repositories } from '../db/database.ts';
import { AppError } from './errors.ts';
import type { NotificationsService } from './notifications.service.ts';
import type { AccessClaims, PlayerDirectory } from './ports.ts';

/**
 * Friends and blocks. A friendship starts with a request that the other accepts (two requests
 * that cross make a friendship at once). A block ends any friendship and request between the two,
 * and the blocked player can no longer request, challenge or invite the blocker, nor see them in
 * the friends list.
 */
export class FriendsService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationsService,
    private readonly players: () => PlayerDirectory | undefined,
  ) {}

  /** The friends with their presence (from the lobby, cluster-wide), and the pending requests. */
  async list(claims: AccessClaims): Promise<FriendsDto> {
    const { friends, incoming, outgoing } = await this.db.read(async (repos) => ({
      friends: await repos.social.friends(claims.userId),
      incoming: await repos.social.incoming(claims.userId),
      outgoing: await repos.social.outgoing(claims.userId),
    }));
    const directory = this.players();
    const presence = directory
      ? await directory.presenceOf(friends.map((f) => f.userId)).catch(() => [])
      : [];
    const byId = new Map(presence.map((p) => [p.userId, p]));
    return {
      friends: friends.map((f) => {
        const seen = byId.get(f.userId);
        const gameId = seen?.gameId ?? null;
        return {
          ...f,
          online: seen?.online ?? false,
          playing: gameId ? { gameId, watch: `/play/${encodeURIComponent(gameId)}` } : null,
        };
      }),
      incoming,
      outgoing,
    };
  }

  /** Asks `username` to be friends; if they asked first, the two are friends at once. */
  async request(claims: AccessClaims, username: string): Promise<{ status: 'requested' | 'friends' }> {
    const { status, other } = await this.db.transaction(async (repos) => {
      const other = await this.other(repos, claims, username);
      if (await repos.social.areFriends(claims.userId, other.userId)) {
        throw new AppError('ALREADY_FRIENDS', `you and ${other.username} are friends already`);
      }
      await this.assertNotBlocked(repos, claims.userId, other.userId);
      if (await repos.social.removeRequest(other.userId, claims.userId)) {
        await repos.social.befriend(claims.userId, other.userId);
        return { status: 'friends' as const, other };
      }
      const added = await repos.social.addRequest(claims.userId, other.userId);
      return { status: added ? ('requested' as const) : ('repeat' as const), other };
    });
    const from = { userId: claims.userId, name: claims.username };
    if (status === 'friends') await this.notifications.notify(other, 'friend_accepted', { from });
    if (status === 'requested') await this.notifications.notify(other, 'friend_request', { from });
    return { status: status === 'friends' ? 'friends' : 'requested' };
  }

  async accept(claims: AccessClaims, fromId: string): Promise<void> {
    const other = await this.db.transaction(async (repos) => {
      if (!(await repos.social.removeRequest(fromId, claims.userId))) throw requestNotFound();
      await repos.social.befriend(claims.userId, fromId);
      return repos.users.findById(fromId);
    });
    if (other) {
      const from = { userId: claims.userId, name: claims.username };
      await this.notifications.notify({ userId: other.id, username: other.username }, 'friend_accepted', {
        from,
      });
    }
  }

  async decline(claims: AccessClaims, fromId: string): Promise<void> {
    await this.db.transaction(async (repos) => {
      if (!(await repos.social.removeRequest(fromId, claims.userId))) throw requestNotFound();
    });
  }

  /** Withdraws the caller's own request. */
  async cancel(claims: AccessClaims, toId: string): Promise<void> {
    await this.db.transaction(async (repos) => {
      if (!(await repos.social.removeRequest(claims.userId, toId))) throw requestNotFound();
    });
  }

  async remove(claims: AccessClaims, friendId: string): Promise<void> {
    await this.db.transaction(async (repos) => {
      if (!(await repos.social.areFriends(claims.userId, friendId))) {
        throw new AppError('FRIEND_NOT_FOUND', 'this player is not your friend');
      }
      await repos.social.unfriend(claims.userId, friendId);
    });
  }

  async blocked(claims: AccessClaims): Promise<ListedUserDto[]> {
    return this.db.read((repos) => repos.social.blocked(claims.userId));
  }

  /**
   * Blocks `username`: any friendship and request between the two end, and the lobby stops
   * showing the caller to them (once it is committed, on whichever node holds it).
   */
  async block(claims: AccessClaims, username: string): Promise<ListedUserDto> {
    const listed = await this.db.transaction(async (repos) => {
      const other = await this.other(repos, claims, username);
      await repos.social.block(claims.userId, other.userId);
      await repos.social.unfriend(claims.userId, other.userId);
      return (await repos.social.blocked(claims.userId)).find((b) => b.userId === other.userId)!;
    });
    await this.players()?.blocksChanged(listed.userId);
    return listed;
  }

  async unblock(claims: AccessClaims, blockedId: string): Promise<void> {
    await this.db.transaction(async (repos) => {
      if (!(await repos.social.unblock(claims.userId, blockedId))) {
        throw new AppError('BLOCK_NOT_FOUND', 'you do not block this player');
      }
    });
    await this.players()?.blocksChanged(blockedId);
  }

  /** Whether any of `blockerIds` blocks `userId` (a party with such a member refuses them). */
  blockedByAny(userId: string, blockerIds: readonly string[]): Promise<boolean> {
    return this.db.read((repos) => repos.social.blockedByAny(userId, blockerIds));
  }

  /**
   * Who blocks each of `userIds` (the lobby hides them from that user) and until when staff muted
   * them in chats, in one read: what the lobby needs of the users coming in. Every id asked has an
   * answer; a user the record does not hold has no blockers and no mute.
   */
  async lobbyStandings(
    userIds: readonly string[],
  ): Promise<Map<string, { blockers: string[]; mutedUntil: number | null }>> {
    const rows = await this.db.read((repos) => repos.social.standings(userIds));
    const found = new Map(rows.map(({ userId, ...standing }) => [userId, standing]));
    return new Map(
      userIds.map((id) => [id, found.get(id.toLowerCase()) ?? { blockers: [], mutedUntil: null }]),
    );
  }

  /** Whether `blockerId` blocks `userId` (a challenge or an invitation from `userId` is refused). */
  blocks(blockerId: string, userId: string): Promise<boolean> {
    return this.db.read((repos) => repos.social.blocks(blockerId, userId));
  }

  private async other(repos: Repositories, claims: AccessClaims, username: string) {
    if (claims.guest) throw new AppError('FORBIDDEN', 'guests have no friends list: register first');
    const user = await repos.users.findByUsername(username);
    if (!user) throw new AppError('USER_NOT_FOUND', `no player "${username}"`);
    if (user.id === claims.userId) {
      throw new AppError('VALIDATION_FAILED', 'that is you', [{ path: 'username', message: 'that is you' }]);
    }
    return { userId: user.id, username: user.username, guest: user.guest };
  }

  private async assertNotBlocked(repos: Repositories, a: string, b: string): Promise<void> {
    if ((await repos.social.blocks(b, a)) || (await repos.social.blocks(a, b))) {
      throw new AppError('BLOCKED', 'one of you blocks the other');
    }
  }
}

function requestNotFound(): AppError {
  return new AppError('FRIEND_REQUEST_NOT_FOUND', 'there is no such friend request');
}
