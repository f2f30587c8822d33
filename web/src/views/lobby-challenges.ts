import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { rated } from '../rating-text.ts';
import { attempt, redraw, type Section } from './section.ts';

/** What a challenge offers, in a few words: "5+3 rated", "golf, 9 holes, casual". */
export function challengeTermsText(c: {
  game?: string;
  options?: Record<string, unknown>;
  computers?: number;
  timeControl: string;
  rated: boolean;
}): string {
  const kind = c.rated ? 'rated' : 'casual';
  if (!c.game || c.game === 'chess') return `${c.timeControl} ${kind}`;
  const n = c.options?.holes;
  const holes = typeof n === 'number' ? `, ${n} hole${n === 1 ? '' : 's'}` : '';
  const computers = c.computers ? `, ${c.computers} computer player${c.computers > 1 ? 's' : ''}` : '';
  return `${c.game}${holes}${computers}, ${kind}`;
}

const OUTCOME = { declined: 'declined', expired: 'was not answered in time' } as const;

/**
 * Challenges: those made to this player (accept or decline) and those they sent (and what became
 * of them). Shown above the lobby's tabs, so an offer is seen on a phone whatever tab is open;
 * the panel is hidden while there are none. Challenges are made in "Play a friend".
 */
export function challengePanel(ctx: AppContext): Section {
  const session = ctx.lobby;
  const incoming = h('ul', { class: 'challenges', 'aria-label': 'Challenges to you' });
  const sent = h('ul', { class: 'challenges', 'aria-label': 'Your challenges' });
  const error = h('p', { class: 'error', role: 'alert' });
  const el: HTMLElement = h(
    'section',
    { class: 'panel challenges-panel', 'aria-labelledby': 'challenges-h', hidden: true },
    h('h2', { id: 'challenges-h' }, 'Challenges'),
    incoming,
    sent,
    error,
  );
  const answer = (id: string, accept: boolean) => void attempt(el, error, () => session.answer(id, accept));
  return {
    el,
    update: () => {
      el.hidden = session.incoming.length === 0 && session.sent.length === 0 && !error.textContent;
      redraw(incoming, JSON.stringify(session.incoming.map((c) => c.id)), () =>
        session.incoming.map((c) =>
          h(
            'li',
            { 'data-challenge-id': c.id, 'data-from': c.from.name },
            h('span', {}, `${rated(c.from.name, c.from.rating)} challenges you: ${challengeTermsText(c)}`),
            h('button', { type: 'button', class: 'primary', onclick: () => answer(c.id, true) }, 'Accept'),
            h('button', { type: 'button', onclick: () => answer(c.id, false) }, 'Decline'),
          ),
        ),
      );
      redraw(sent, JSON.stringify(session.sent.map((c) => [c.id, c.outcome])), () =>
        session.sent.map((c) =>
          h(
            'li',
            { 'data-challenge-id': c.id, 'data-outcome': c.outcome ?? 'pending' },
            h(
              'span',
              { role: 'status' },
              `Your challenge to ${c.to} (${challengeTermsText(c)}) `,
              c.outcome ? OUTCOME[c.outcome] : 'is waiting for an answer',
              '.',
            ),
            h(
              'button',
              { type: 'button', class: 'link', onclick: () => session.dismissSent(c.id) },
              'Dismiss',
            ),
          ),
        ),
      );
    },
  };
}
