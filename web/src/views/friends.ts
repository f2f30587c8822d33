import type { FriendsDto, InboxDto, ListedUserDto } from '../../../schema/social.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { explain } from './auth.ts';
import { challengePanel } from './lobby-challenges.ts';
import { friendDialog } from './play-dialogs.ts';
import { attempt } from './section.ts';

/**
 * `/friends`: friends with where they are, requests to answer, and blocked players. A friend who
 * is online can be challenged (the "Play a friend" dialog, their name filled in) or invited to
 * the player's party (opened first if there is none); the challenges sent show here until
 * answered, and an accepted one leads to the game as from the lobby.
 */
export function friendsView(ctx: AppContext, main: HTMLElement): () => void {
  const session = ctx.lobby;
  const error = h('p', { class: 'error', role: 'alert' });
  const notice = h('p', { class: 'hint', role: 'status' });
  const body = h('div', {});
  const dialog = friendDialog(ctx);
  const challenges = challengePanel(ctx);
  const invite = async (username: string) => {
    notice.textContent = '';
    if (!session.party) await session.createParty();
    if (!session.party) throw new Error('The party could not be opened.');
    await session.party.client.invite(username);
    notice.textContent = `${username} is invited to your party (code ${session.party.code}).`;
  };
  const name = h('input', { id: 'friend-name', autocomplete: 'off', required: true });
  const load = async () => {
    const [lists, blocks] = await Promise.all([
      ctx.rookery.authed<FriendsDto>('GET', '/api/me/friends'),
      ctx.rookery.authed<{ blocked: ListedUserDto[] }>('GET', '/api/me/blocks'),
    ]);
    const onlineActions = (username: string) =>
      h(
        'span',
        { class: 'friend-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-label': `Challenge ${username}`,
            onclick: () => dialog.challenge(username),
          },
          'Challenge',
        ),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-label': `Invite ${username} to your party`,
            onclick: () => attempt(body, error, () => invite(username)),
          },
          'Invite to party',
        ),
        ' ',
      );
    const act = (label: string, method: 'POST' | 'DELETE', path: string) =>
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          onclick: () =>
            attempt(body, error, async () => {
              await ctx.rookery.authed(method, path);
              await load();
            }),
        },
        label,
      );
    replace(
      body,
      h('h2', {}, 'Friends'),
      lists.friends.length === 0 ? h('p', { class: 'muted' }, 'No friends yet.') : null,
      h(
        'ul',
        { class: 'friends' },
        lists.friends.map((f) =>
          h(
            'li',
            { 'data-friend': f.username },
            h('span', { class: f.online ? 'dot online' : 'dot' }, f.online ? '●' : '○'),
            ` ${f.username} `,
            f.playing
              ? h('a', { href: f.playing.watch }, 'playing — watch')
              : h('span', { class: 'muted' }, f.online ? 'online' : 'offline'),
            ' ',
            f.online ? onlineActions(f.username) : null,
            act('Remove', 'DELETE', `/api/me/friends/${f.userId}`),
          ),
        ),
      ),
      lists.incoming.length > 0 ? h('h2', {}, 'Requests') : null,
      h(
        'ul',
        { class: 'requests' },
        lists.incoming.map((r) =>
          h(
            'li',
            { 'data-request': r.username },
            `${r.username} `,
            act('Accept', 'POST', `/api/me/friends/requests/${r.userId}/accept`),
            ' ',
            act('Decline', 'POST', `/api/me/friends/requests/${r.userId}/decline`),
          ),
        ),
      ),
      lists.outgoing.length > 0
        ? h('p', { class: 'muted' }, `Waiting for: ${lists.outgoing.map((o) => o.username).join(', ')}`)
        : null,
      h('h2', {}, 'Blocked players'),
      blocks.blocked.length === 0 ? h('p', { class: 'muted' }, 'Nobody.') : null,
      h(
        'ul',
        { class: 'blocked' },
        blocks.blocked.map((b) =>
          h(
            'li',
            { 'data-blocked': b.username },
            `${b.username} `,
            act('Unblock', 'DELETE', `/api/me/blocks/${b.userId}`),
          ),
        ),
      ),
    );
  };
  const send = (path: string) => () =>
    attempt(main, error, async () => {
      await ctx.rookery.authed('POST', path, { username: name.value });
      name.value = '';
      await load();
    });
  replace(
    main,
    h(
      'section',
      { class: 'panel' },
      h('h1', {}, 'Friends'),
      h(
        'form',
        {
          onsubmit: (e: Event) => {
            e.preventDefault();
            void send('/api/me/friends/requests')();
          },
        },
        h('p', { class: 'field' }, h('label', { for: name.id }, 'Player'), name),
        h('button', { type: 'submit' }, 'Add friend'),
        ' ',
        h('button', { type: 'button', class: 'link', onclick: send('/api/me/blocks') }, 'Block'),
      ),
      error,
      notice,
      challenges.el,
      body,
      dialog.el,
    ),
  );
  load().catch((err) => {
    error.textContent = explain(err);
  });
  // Challenges are answered, and invitations sent, through the lobby: be in it on this page too.
  session.connect();
  challenges.update();
  const unlisten = session.listen(() => challenges.update());
  return () => {
    unlisten();
    dialog.close();
  };
}

const describe = (n: InboxDto['notifications'][number]): string => {
  const from = (n.data.from as { name?: string } | undefined)?.name ?? 'someone';
  switch (n.type) {
    case 'friend_request':
      return `${from} asks to be your friend`;
    case 'friend_accepted':
      return `${from} is now your friend`;
    case 'challenge':
      return `${from} challenged you (${String(n.data.timeControl ?? '')})`;
    case 'party_invite':
      return `${from} invited you to a party`;
    default:
      return 'A tournament is starting';
  }
};

/** `/inbox`: the notifications, newest first, marked read once seen. */
export function inboxView(ctx: AppContext, main: HTMLElement, onRead: () => void): () => void {
  const list = h('ul', { class: 'inbox' });
  replace(main, h('section', { class: 'panel' }, h('h1', {}, 'Notifications'), list));
  ctx.rookery.authed<InboxDto>('GET', '/api/me/notifications').then(
    async (inbox) => {
      replace(
        list,
        inbox.notifications.length === 0 ? h('li', { class: 'muted' }, 'Nothing yet.') : null,
        inbox.notifications.map((n) =>
          h(
            'li',
            { class: n.readAt ? 'read' : 'unread', 'data-type': n.type },
            describe(n),
            h('span', { class: 'muted' }, ` · ${new Date(n.createdAt).toLocaleString()}`),
          ),
        ),
      );
      if (inbox.unread > 0) {
        await ctx.rookery.authed('POST', '/api/me/notifications/read', { all: true });
        onRead();
      }
    },
    (err) => replace(list, h('li', { role: 'alert' }, explain(err))),
  );
  return () => undefined;
}
