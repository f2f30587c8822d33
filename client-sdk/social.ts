import type { FriendsDto, InboxDto, ListedUserDto } from '../schema/social.ts';
import type { RookeryClient } from './rest.ts';

/**
 * Friends, blocks and the notification inbox of the signed-in account. New notifications also
 * arrive live in the lobby as `notification` messages (`LobbyClient.room.onMessage`).
 *
 * @example
 *   const social = new SocialClient(rookery);
 *   await social.requestFriend('ben');
 *   const { friends } = await social.friends(); // each with online and playing
 */
export class SocialClient {
  constructor(private readonly rest: RookeryClient) {}

  friends(): Promise<FriendsDto> {
    return this.rest.authed<FriendsDto>('GET', '/api/me/friends');
  }

  /** `friends` when they had asked first; `requested` otherwise. */
  async requestFriend(username: string): Promise<'requested' | 'friends'> {
    return (
      await this.rest.authed<{ status: 'requested' | 'friends' }>('POST', '/api/me/friends/requests', {
        username,
      })
    ).status;
  }

  async accept(userId: string): Promise<void> {
    await this.rest.authed('POST', `/api/me/friends/requests/${encodeURIComponent(userId)}/accept`);
  }

  async decline(userId: string): Promise<void> {
    await this.rest.authed('POST', `/api/me/friends/requests/${encodeURIComponent(userId)}/decline`);
  }

  /** Withdraws one's own request. */
  async cancelRequest(userId: string): Promise<void> {
    await this.rest.authed('DELETE', `/api/me/friends/requests/${encodeURIComponent(userId)}`);
  }

  async removeFriend(userId: string): Promise<void> {
    await this.rest.authed('DELETE', `/api/me/friends/${encodeURIComponent(userId)}`);
  }

  async blocked(): Promise<ListedUserDto[]> {
    return (await this.rest.authed<{ blocked: ListedUserDto[] }>('GET', '/api/me/blocks')).blocked;
  }

  block(username: string): Promise<ListedUserDto> {
    return this.rest.authed<ListedUserDto>('POST', '/api/me/blocks', { username });
  }

  async unblock(userId: string): Promise<void> {
    await this.rest.authed('DELETE', `/api/me/blocks/${encodeURIComponent(userId)}`);
  }

  /** A page of the inbox, newest first; pass `next` as `before` for the following page. */
  notifications(options: { limit?: number; before?: string; unreadOnly?: boolean } = {}): Promise<InboxDto> {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.before !== undefined) query.set('before', options.before);
    if (options.unreadOnly) query.set('unread', 'true');
    const search = query.toString();
    return this.rest.authed<InboxDto>('GET', `/api/me/notifications${search ? `?${search}` : ''}`);
  }

  /** Marks these notifications (or all) read; answers how many changed and how many stay unread. */
  markRead(ids: string[] | 'all'): Promise<{ marked: number; unread: number }> {
    return this.rest.authed('POST', '/api/me/notifications/read', ids === 'all' ? { all: true } : { ids });
  }
}
