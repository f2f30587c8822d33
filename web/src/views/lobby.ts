import type { QueueInfo } from '../../../schema/queues.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { chatBox } from './chat.ts';
import { golfDialog } from './golf-dialog.ts';
import { challengePanel } from './lobby-challenges.ts';
import { liveGames, onlineList } from './lobby-people.ts';
import { seekBoard } from './lobby-seeks.ts';
import { partyPanel } from './party-panel.ts';
import { computerDialog, friendDialog } from './play-dialogs.ts';
import { quickPlay } from './quick-play.ts';
import type { Section } from './section.ts';
import { tabbed } from './tabs.ts';

/** How often the queues' figures (players waiting, median wait) are read again. */
const QUEUES_EVERY_MS = 10_000;

export interface LobbyPanels {
  /** The lobby's connection state (shown while it is not connected). */
  banner: HTMLElement;
  quickPlay: HTMLElement;
  /** "Play the computer", "Play a friend" and "New golf table", with their dialogs. */
  start: HTMLElement;
  /** Challenges to and from this player (hidden while there are none). */
  challenges: HTMLElement;
  /** Seeks, who is online, live games and the party: tabs on a phone, side by side on a screen. */
  tabs: HTMLElement;
  chat: HTMLElement;
  /** Stops redrawing (the connections themselves stay, for the whole visit). */
  stop(): void;
}

/**
 * The lobby on the start page: quick play by queue, the party, open seeks, challenges, who is
 * online, the live games and the lobby chat. Joins the lobby (once per visit: see
 * `LobbySession`) and redraws each panel, at most once a frame, when what it shows changed.
 */
export function lobbyPanels(ctx: AppContext): LobbyPanels {
  const session = ctx.lobby;
  let queues: QueueInfo[] | undefined;
  const banner = h('p', { class: 'banner', role: 'status', hidden: true });
  const challenges = challengePanel(ctx);
  const computer = computerDialog(ctx);
  const friend = friendDialog(ctx);
  const golf = golfDialog(ctx);
  const chat = chatBox({
    id: 'lobby-chat',
    label: 'Lobby chat',
    lines: () => (session.lobby?.state.chat ? [...session.lobby.state.chat] : []),
    say: async (text) => {
      if (!session.lobby) throw new Error('Not connected to the lobby yet.');
      await session.lobby.say(text);
    },
  });
  const panels = {
    quickPlay: quickPlay(ctx, () => queues),
    party: partyPanel(ctx, () => queues),
    seeks: seekBoard(ctx),
    challenges,
    online: onlineList(ctx, (name) => friend.challenge(name)),
    games: liveGames(ctx),
  };
  const sections: Section[] = [...Object.values(panels), chat];
  const chatPanel = h(
    'section',
    { class: 'panel lobby-chat', 'aria-labelledby': 'chat-h' },
    h('h2', { id: 'chat-h' }, 'Lobby chat'),
    chat.el,
  );

  let frame = 0;
  const update = () => {
    frame = 0;
    banner.hidden = !session.lobbyProblem;
    banner.textContent = session.lobbyProblem;
    for (const section of sections) section.update();
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(update);
  };
  const unlisten = session.listen(schedule);

  let stopped = false;
  const readQueues = async () => {
    try {
      const answer = await ctx.get<{ queues: QueueInfo[] }>('/api/queues');
      if (stopped) return;
      queues = answer.queues;
    } catch {
      queues ??= [];
    }
    schedule();
  };
  void readQueues();
  const timer = setInterval(() => void readQueues(), QUEUES_EVERY_MS);

  session.connect();
  update();
  return {
    banner,
    quickPlay: panels.quickPlay.el,
    start: h(
      'div',
      { class: 'start-buttons' },
      h('button', { type: 'button', class: 'big', onclick: () => computer.open() }, 'Play the computer'),
      h('button', { type: 'button', class: 'big', onclick: () => friend.open() }, 'Play a friend'),
      h('button', { type: 'button', class: 'golf-entry', onclick: () => golf.open() }, 'New golf table'),
      computer.el,
      friend.el,
      golf.el,
    ),
    challenges: panels.challenges.el,
    tabs: tabbed('lobby-tabs', [
      { id: 'seeks', label: 'Seeks', panel: panels.seeks.el },
      { id: 'online', label: 'Online', panel: panels.online.el },
      { id: 'games', label: 'Watch', panel: panels.games.el },
      { id: 'party', label: 'Party', panel: panels.party.el },
    ]),
    chat: chatPanel,
    stop: () => {
      stopped = true;
      clearInterval(timer);
      cancelAnimationFrame(frame);
      unlisten();
      for (const section of sections) section.stop?.();
    },
  };
}
