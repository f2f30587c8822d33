import type { TournamentDto } from '../../../schema/tournaments.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { tournamentPath } from '../router.ts';
import { authPanel } from './auth.ts';
import { attempt, redraw } from './section.ts';
import type { Standing, StandingRow } from './tournament-parts.ts';

/**
 * Starting by hand (the creator of a tournament without a start time, while it is upcoming), and
 * joining and withdrawing, as the API allows them: joining before the start (a swiss takes late
 * entries too, an arena until its end) while there is room, with the password of a private
 * tournament that needs one; withdrawing until the end, after a confirmation. A running arena's
 * player pauses instead (no confirmation: they come back by joining again, which the page offers
 * as "Return"). Someone not signed in is offered the sign-in form. Refusals are written under the
 * buttons, as the server words them.
 */
export function tournamentActions(
  ctx: AppContext,
  id: string,
  hooks: { changed(t: TournamentDto): void },
): { el: HTMLElement; show(t: TournamentDto, s: Standing, mine: StandingRow | undefined): void } {
  const buttons = h('div', { class: 'actions tournament-actions' });
  const starter = h('div', { class: 'actions tournament-start' });
  const note = h('p', { class: 'hint tournament-note' });
  const error = h('p', { class: 'error', role: 'alert' });
  const el = h('div', { class: 'tournament-join' }, starter, buttons, note, error);
  // Kept across redraws, so what the player typed stays while the room's changes come in.
  const password = h('input', {
    id: 't-join-password',
    name: 't-join-password',
    type: 'password',
    autocomplete: 'off',
    maxlength: 128,
  });
  const passwordField = h(
    'p',
    { class: 'field tournament-password' },
    h('label', { for: 't-join-password' }, 'Password'),
    password,
  );
  let confirming = false;
  let signingIn = false;
  let last: Parameters<typeof show> | undefined;

  const act = (action: () => Promise<TournamentDto>) =>
    attempt(el, error, async () => {
      const next = await action();
      confirming = false;
      hooks.changed(next);
    });
  /** Changes what the buttons show (`confirming`, `signingIn`) and draws them again. */
  const toggle = (change: () => void) => () => {
    change();
    if (last) show(...last);
  };
  const join = (withPassword: boolean) =>
    act(() => ctx.tournaments.api.join(id, withPassword ? { password: password.value } : {}));

  function show(t: TournamentDto, s: Standing, mine: StandingRow | undefined): void {
    last = [t, s, mine];
    const user = ctx.user();
    const arena = t.format === 'arena' && s.status === 'running';
    const open = s.status === 'upcoming' || (s.status === 'running' && (t.format === 'swiss' || arena));
    const full = s.players >= t.capacity;
    const canJoin = open && !mine && !full;
    const canWithdraw = !!mine && !mine.withdrawn && s.status !== 'finished';
    const guestOut = !!user?.guest && t.rated;
    // Its creator, and a player already in it, enter without the password.
    const needsPassword = t.access === 'password' && user?.id !== t.createdBy;
    const paused = arena && !!mine?.paused;
    // The creator of a tournament without a start time starts it here.
    const canStart = s.status === 'upcoming' && t.startsAt === null && !!user && user.id === t.createdBy;
    redraw(starter, String(canStart), () =>
      canStart
        ? h(
            'button',
            {
              type: 'button',
              class: 'primary',
              'data-action': 'start',
              onclick: () => void act(() => ctx.tournaments.api.start(id)),
            },
            'Start now',
          )
        : null,
    );
    const key = [
      !!user,
      canJoin,
      canWithdraw,
      confirming,
      signingIn,
      guestOut,
      s.status,
      !!mine,
      full,
      needsPassword,
      arena,
      paused,
    ].join('|');
    redraw(buttons, key, () => {
      if (paused)
        return h(
          'button',
          { type: 'button', class: 'primary', onclick: () => void join(false) },
          'Return to the arena',
        );
      if (arena && canWithdraw)
        return h(
          'button',
          { type: 'button', onclick: () => void act(() => ctx.tournaments.api.withdraw(id)) },
          'Pause',
        );
      if (canWithdraw && confirming)
        return [
          h(
            'button',
            {
              type: 'button',
              class: 'danger',
              onclick: () => void act(() => ctx.tournaments.api.withdraw(id)),
            },
            'Confirm withdrawal',
          ),
          h(
            'button',
            {
              type: 'button',
              onclick: toggle(() => {
                confirming = false;
              }),
            },
            'Stay in',
          ),
        ];
      if (canWithdraw)
        return h(
          'button',
          {
            type: 'button',
            onclick: toggle(() => {
              confirming = true;
            }),
          },
          'Withdraw',
        );
      if (!canJoin) return null;
      if (!user)
        return signingIn
          ? authPanel(ctx, () => ctx.navigate(tournamentPath(id), { replace: true }))
          : h(
              'button',
              {
                type: 'button',
                class: 'primary',
                onclick: toggle(() => {
                  signingIn = true;
                }),
              },
              'Sign in to join',
            );
      const joinButton = h(
        'button',
        {
          type: 'button',
          class: 'primary',
          disabled: guestOut,
          onclick: () => void join(needsPassword),
        },
        'Join',
      );
      if (!needsPassword || guestOut) return joinButton;
      // Enter in the password field joins too.
      password.onkeydown = (e) => {
        if (e.key === 'Enter') void join(true);
      };
      return [passwordField, joinButton];
    });
    note.textContent = canStart
      ? 'Start it once the players are in: the first round is paired at once.'
      : noteFor(s, mine, { full, open, guestOut, paused, arena, needsPassword });
  }

  return { el, show };
}

function noteFor(
  s: Standing,
  mine: StandingRow | undefined,
  is: {
    full: boolean;
    open: boolean;
    guestOut: boolean;
    paused: boolean;
    arena: boolean;
    needsPassword: boolean;
  },
): string {
  if (is.paused) return 'You paused: you are not paired until you return. Your score and streak are kept.';
  if (mine?.withdrawn) return 'You withdrew from this tournament.';
  if (mine && s.status === 'upcoming')
    return 'You are in. Your games open here by themselves when they are ready.';
  if (mine && is.arena)
    return 'You are playing. Pause to stop being paired; your current game is played out.';
  if (mine && s.status === 'running') return 'You are playing. Each game opens by itself when it is ready.';
  if (s.status === 'finished') return '';
  if (is.guestOut) return 'This tournament is rated: players with an account only.';
  if (is.full && is.open) return 'The tournament is full.';
  if (!is.open) return 'This tournament has started: it takes no more players.';
  if (is.needsPassword) return 'This tournament is private: enter it with the password its creator gave you.';
  if (is.arena) return 'The arena is on: join and you are paired in the next wave.';
  if (s.status === 'running') return 'A late entry starts with no points for the rounds already played.';
  return '';
}
