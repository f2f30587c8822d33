import { h, replace } from '../dom.ts';
import type { AdminApi } from './api.ts';
import { failed, table } from './ui.ts';

interface SystemData {
  nodes: Array<{ node: string; ccu: number; rooms: number; self: boolean }>;
  self: {
    uptimeSeconds: number;
    cpuSeconds: number;
    rssBytes: number;
    heapUsedBytes: number;
    loadAverage: number[];
  };
  queues: Array<{ id: string; label: string; players: number | null; medianWaitMs: number | null }>;
  games: { live: number };
  logAppend: { count: number; meanMs: number | null };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** `/admin/system`: nodes, this node's CPU and memory, queues, games, log-append latency. */
export function systemPage(api: AdminApi, root: HTMLElement): void {
  replace(root, h('p', { role: 'status' }, 'Loading…'));
  api.get<SystemData>('/system').then(
    (s) =>
      replace(
        root,
        h('h1', {}, 'System'),
        h(
          'section',
          { class: 'panel' },
          h('h2', {}, 'Nodes'),
          table(
            ['Node', 'Clients', 'Rooms', ''],
            s.nodes.map((n) => [n.node, n.ccu, n.rooms, n.self ? 'this node' : '']),
            'Nodes',
          ),
        ),
        h(
          'section',
          { class: 'panel' },
          h('h2', {}, 'This node'),
          h(
            'p',
            {},
            `CPU ${s.self.cpuSeconds.toFixed(1)} s over ${s.self.uptimeSeconds} s · memory ${mb(s.self.rssBytes)} (heap ${mb(s.self.heapUsedBytes)}) · load ${s.self.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
          ),
          h(
            'p',
            {},
            `Live games ${s.games.live} · game-log appends ${s.logAppend.count}, mean ${s.logAppend.meanMs === null ? '—' : `${s.logAppend.meanMs.toFixed(2)} ms`}`,
          ),
        ),
        h(
          'section',
          { class: 'panel' },
          h('h2', {}, 'Queues'),
          table(
            ['Queue', 'Waiting', 'Median wait'],
            s.queues.map((q) => [
              q.label,
              q.players ?? '—',
              q.medianWaitMs === null ? '—' : `${(q.medianWaitMs / 1000).toFixed(1)} s`,
            ]),
            'Queues',
          ),
        ),
      ),
    (err) => replace(root, h('h1', {}, 'System'), failed(err)),
  );
}
