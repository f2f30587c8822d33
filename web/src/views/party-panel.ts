import type { PartyState } from '../../../schema/party.state.ts';
import type { QueueInfo } from '../../../schema/queues.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { searchLine, waitLine } from '../lobby-text.ts';
import type { PartyLink } from '../party-link.ts';
import { gamePath, partyPath } from '../router.ts';
import { chatBox } from './chat.ts';
import { attempt, redraw, type Section } from './section.ts';

/** The code in what was typed: the code itself, or an invitation link (`…/party/ABC234`). */
export function codeFrom(typed: string): string {
  const text = typed.trim();
  return (/\/party\/([A-Za-z0-9]+)\/?$/.exec(text)?.[1] ?? text).toUpperCase();
}

/**
 * The party: without one, create one, join one by code or link, or take an invitation; in one,
 * its invitation link, members (ready, leader, away), the leader's controls (queue, leave the
 * queue, promote, remove), invitations by name, the queue's status and the party's chat.
 */
export function partyPanel(ctx: AppContext, queues: () => QueueInfo[] | undefined): Section {
  const session = ctx.lobby;
  const body = h('div', { class: 'party-body' });
  const error = h('p', { class: 'error', role: 'alert' });
  const el = h(
    'section',
    { class: 'panel party', 'aria-labelledby': 'party-h' },
    h('h2', { id: 'party-h' }, 'Party'),
    body,
    error,
  );
  let shownFor: PartyLink | undefined | null = null;
  let current: Section | undefined;
  return {
    el,
    update: () => {
      const link = session.party;
      if (link !== shownFor) {
        shownFor = link;
        current = link ? inParty(ctx, link, queues, el, error) : noParty(ctx, el, error);
        replace(body, current.el);
      }
      current?.update();
    },
  };
}

function noParty(ctx: AppContext, scope: HTMLElement, error: HTMLElement): Section {
  const session = ctx.lobby;
  const code = h('input', { id: 'party-code', autocomplete: 'off', autocapitalize: 'characters' });
  const invites = h('ul', { class: 'invites', 'aria-label': 'Party invitations' });
  const problem = h('p', { class: 'notice', role: 'status' });
  const el = h(
    'div',
    {},
    h('p', { class: 'hint' }, 'Play with friends: a party queues as one and stays together between games.'),
    h(
      'p',
      { class: 'row' },
      h(
        'button',
        { type: 'button', onclick: () => void attempt(scope, error, () => session.createParty()) },
        'Create a party',
      ),
    ),
    h(
      'form',
      {
        onsubmit: (event) => {
          event.preventDefault();
          void attempt(scope, error, () => session.joinParty(codeFrom(code.value)));
        },
      },
      h('label', { for: 'party-code' }, 'Invite code or link'),
      h('div', { class: 'row' }, code, h('button', { type: 'submit' }, 'Join the party')),
    ),
    problem,
    invites,
  );
  return {
    el,
    update: () => {
      problem.textContent = session.partyProblem;
      redraw(invites, JSON.stringify(session.invites), () =>
        session.invites.map((invite) =>
          h(
            'li',
            { 'data-party': invite.partyId },
            `${invite.from.name} invites you to a party. `,
            h(
              'button',
              {
                type: 'button',
                class: 'primary',
                onclick: () => void attempt(scope, error, () => session.joinParty(invite.partyId)),
              },
              `Join ${invite.from.name}'s party`,
            ),
            h('button', { type: 'button', onclick: () => session.dismissInvite(invite.partyId) }, 'Dismiss'),
          ),
        ),
      );
    },
  };
}

function statusText(s: PartyState, queueLabel: string): string {
  const members = [...s.members.values()];
  switch (s.queue.status) {
    case 'searching':
      return `The party is searching: ${queueLabel}`;
    case 'matched':
      return `Match found in ${queueLabel}: taking the seats…`;
    case 'playing':
      return 'The party is playing.';
    default:
      return members.every((m) => m.ready && m.connected)
        ? 'Everyone is ready: the leader can queue the party.'
        : 'Not queued. Everyone gets ready, then the leader queues the party.';
  }
}

function inParty(
  ctx: AppContext,
  link: PartyLink,
  queues: () => QueueInfo[] | undefined,
  scope: HTMLElement,
  error: HTMLElement,
): Section {
  const session = ctx.lobby;
  const party = link.client;
  const me = ctx.user()?.id ?? '';
  const url = `${location.origin}${partyPath(link.code)}`;
  const linkInput = h('input', { id: 'party-link', type: 'text', readonly: true, value: url });
  const members = h('ul', { class: 'members', 'aria-label': 'Members' });
  // What this member asked for and the party's state does not show yet: another member's change
  // arriving meanwhile must not flip the box back.
  let readyAsked: boolean | undefined;
  const ready = h('input', {
    id: 'party-ready',
    type: 'checkbox',
    onchange: () => {
      const wanted = ready.checked;
      readyAsked = wanted;
      void attempt(scope, error, () => party.setReady(wanted)).then((ok) => {
        if (ok) return;
        readyAsked = undefined;
        ready.checked = !wanted;
      });
    },
  });
  const queueChoice = h('select', { id: 'party-queue' });
  const queueButton = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      onclick: () => void attempt(scope, error, () => party.queue(queueChoice.value)),
    },
    'Queue the party',
  );
  const unqueueButton = h(
    'button',
    // Hidden until the party's state says it is queued (and the leader's controls until it says
    // who leads): before its first state the panel must not offer what does not apply.
    { type: 'button', hidden: true, onclick: () => void attempt(scope, error, () => party.unqueue()) },
    'Leave the queue',
  );
  const leaderControls = h(
    'div',
    { class: 'leader-controls', hidden: true },
    h('label', { for: 'party-queue' }, 'Queue for the party'),
    h('div', { class: 'row' }, queueChoice, queueButton, unqueueButton),
  );
  const inviteName = h('input', { id: 'party-invite', autocomplete: 'off', autocapitalize: 'off' });
  const invited = h('p', { class: 'hint', role: 'status' });
  const inviteForm: HTMLFormElement = h(
    'form',
    {
      onsubmit: (event) => {
        event.preventDefault();
        const name = inviteName.value.trim();
        invited.textContent = '';
        void attempt(inviteForm, error, () => party.invite(name)).then((ok) => {
          if (!ok) return;
          invited.textContent = `Invitation sent to ${name}.`;
          inviteName.value = '';
        });
      },
    },
    h('label', { for: 'party-invite' }, 'Invite a player (username)'),
    h('div', { class: 'row' }, inviteName, h('button', { type: 'submit' }, 'Invite')),
    invited,
  );
  const status = h('p', { class: 'party-status', role: 'status', 'aria-live': 'polite' });
  const figures = h('p', { class: 'search-figures' });
  const back = h('p', {});
  const notice = h('p', { class: 'notice' });
  const chat = chatBox({
    id: 'party-chat',
    label: 'Party chat',
    lines: () => link.lines,
    say: (text) => party.say(text),
  });
  const el = h(
    'div',
    { class: 'in-party', 'data-code': link.code },
    h('p', {}, 'Invite code ', h('strong', { class: 'party-code' }, link.code)),
    h('label', { for: 'party-link' }, 'Invitation link'),
    h(
      'div',
      { class: 'row' },
      linkInput,
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            linkInput.select();
            void navigator.clipboard?.writeText(url).then(() => {
              invited.textContent = 'Link copied.';
            });
          },
        },
        'Copy',
      ),
    ),
    members,
    h('p', { class: 'field' }, h('label', { class: 'choice' }, ready, "I'm ready")),
    leaderControls,
    status,
    figures,
    back,
    notice,
    inviteForm,
    h('h3', {}, 'Party chat'),
    chat.el,
    h('p', {}, h('button', { type: 'button', onclick: () => session.leaveParty() }, 'Leave the party')),
  );

  return {
    el,
    update: () => {
      const s = party.state;
      if (!s?.members) return;
      const list = [...s.members.values()];
      const leader = s.leaderId === me;
      const anyGuest = list.some((m) => m.guest);
      const memberKey = JSON.stringify([
        s.leaderId,
        list.map((m) => [m.userId, m.name, m.ready, m.connected]),
      ]);
      redraw(members, memberKey, () =>
        list.map((m) =>
          h(
            'li',
            { 'data-user-id': m.userId, 'data-ready': String(m.ready) },
            h('span', { class: 'member-name' }, m.name, m.userId === me ? ' (you)' : ''),
            m.userId === s.leaderId ? h('span', { class: 'badge' }, '★ leader') : null,
            h('span', { class: 'badge' }, m.ready ? 'ready' : 'not ready'),
            m.connected ? null : h('span', { class: 'badge' }, 'away'),
            leader && m.userId !== me
              ? [
                  h(
                    'button',
                    {
                      type: 'button',
                      onclick: () => void attempt(scope, error, () => party.promote(m.userId)),
                    },
                    `Make ${m.name} leader`,
                  ),
                  h(
                    'button',
                    { type: 'button', onclick: () => void attempt(scope, error, () => party.kick(m.userId)) },
                    `Remove ${m.name}`,
                  ),
                ]
              : null,
          ),
        ),
      );
      const mine = s.members.get(me)?.ready ?? false;
      if (readyAsked === mine) readyAsked = undefined;
      ready.checked = readyAsked ?? mine;
      const all = queues() ?? [];
      redraw(queueChoice, JSON.stringify([list.length, anyGuest, all.map((q) => q.id)]), () =>
        all.map((q) => {
          const tooSmall = q.teamSize < list.length;
          const refused = anyGuest && q.rated;
          const why = tooSmall ? ` (teams of ${q.teamSize})` : refused ? ' (accounts only)' : '';
          return h('option', { value: q.id, disabled: tooSmall || refused }, `${q.label}${why}`);
        }),
      );
      if (queueChoice.selectedOptions[0]?.disabled) {
        const fits = [...queueChoice.options].find((o) => !o.disabled);
        if (fits) queueChoice.value = fits.value;
      }
      const queued = s.queue.status === 'searching' || s.queue.status === 'matched';
      leaderControls.hidden = !leader;
      queueButton.hidden = queued || s.queue.status === 'playing';
      unqueueButton.hidden = !queued;
      const label = all.find((q) => q.id === s.queue.queue)?.label ?? s.queue.queue;
      const text = statusText(s, label);
      if (status.textContent !== text) status.textContent = text;
      figures.textContent =
        s.queue.status === 'searching'
          ? `${searchLine({ min: s.queue.bandMin, max: s.queue.bandMax }, s.queue.poolSize)}, ${waitLine(s.queue.waitedMs, s.queue.estimatedWaitMs)}`
          : '';
      const roomId = s.queue.status === 'playing' ? s.queue.roomId : '';
      redraw(back, roomId, () => (roomId ? h('a', { href: gamePath(roomId) }, 'Back to the game') : null));
      notice.textContent = link.notice;
      chat.update();
    },
  };
}
