import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { authPanel, explain } from './auth.ts';

/**
 * `/party/:code`, an invitation link: joins the party (after signing in, or as a guest) and goes
 * on to the start page, where the party panel shows it. The link leaves no trace in the history.
 */
export function partyJoinView(ctx: AppContext, main: HTMLElement, code: string): () => void {
  let closed = false;
  const join = async () => {
    replace(main, h('p', { class: 'status', role: 'status' }, `Joining the party ${code}…`));
    try {
      await ctx.lobby.joinParty(code);
      if (!closed) ctx.navigate('/', { replace: true });
    } catch (err) {
      if (closed) return;
      replace(
        main,
        h(
          'section',
          { class: 'panel' },
          h('h1', {}, 'This party cannot be joined'),
          h('p', { role: 'alert' }, explain(err)),
          h('p', {}, h('a', { href: '/' }, 'Back to the start')),
        ),
      );
    }
  };
  if (ctx.user()) void join();
  else
    replace(
      main,
      h(
        'section',
        { class: 'panel' },
        h('h1', {}, 'Join this party'),
        h('p', {}, `Sign in, or play as a guest, to join the party ${code}.`),
        authPanel(ctx, () => void join()),
      ),
    );
  return () => {
    closed = true;
  };
}
