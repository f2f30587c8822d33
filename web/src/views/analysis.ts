import type { GameAnalysisDto } from '../../../schema/analysis.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 80;
/** Scores beyond ±10 pawns (and mates) draw at the edge of the graph. */
const CAP = 1000;
const POLL_MS = 1000;

const MARK_GLYPHS = { inaccuracy: '?!', mistake: '?', blunder: '??' } as const;
const MARK_WORDS = { inaccuracy: 'inaccuracy', mistake: 'mistake', blunder: 'blunder' } as const;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: Node[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  el.append(...children);
  return el;
}

/** White's evaluation as a height: white's advantage up, black's down. */
function yOf(cp: number): number {
  const capped = Math.max(-CAP, Math.min(CAP, cp));
  return HEIGHT / 2 - (capped / CAP) * (HEIGHT / 2);
}

function pawns(cp: number): string {
  if (Math.abs(cp) >= 9000) return cp > 0 ? 'white mates' : 'black mates';
  return `${cp > 0 ? '+' : ''}${(cp / 100).toFixed(1)}`;
}

export interface AnalysisPanel {
  el: HTMLElement;
  /** The replay is at `ply`: the graph marks it and tells its evaluation. */
  show(ply: number): void;
  stop(): void;
}

/**
 * The engine's analysis of a finished game beside its replay: an evaluation graph (a click goes
 * to that position) and each move marked inaccuracy (?!), mistake (?) or blunder (??) in the move
 * list. The server analyses a game once; the panel asks again while it is being done.
 */
export function analysisPanel(
  ctx: AppContext,
  gameId: string,
  moveButtons: readonly (HTMLButtonElement | undefined)[],
  go: (ply: number) => void,
): AnalysisPanel {
  const status = h('p', { class: 'analysis-status', role: 'status' }, 'Asking the engine…');
  const el = h('section', { class: 'analysis', 'aria-label': 'Engine analysis' }, status);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let cursor: SVGLineElement | undefined;
  let evals: number[] = [];

  const draw = (analysis: GameAnalysisDto) => {
    evals = analysis.evals;
    const last = Math.max(1, evals.length - 1);
    const xOf = (ply: number) => (ply / last) * WIDTH;
    const line = evals.map((cp, ply) => `${xOf(ply).toFixed(1)},${yOf(cp).toFixed(1)}`).join(' ');
    // White's share of the graph is below the line, black's above, as on Lichess.
    const area = `0,${HEIGHT} ${line} ${WIDTH},${HEIGHT}`;
    cursor = svg('line', {
      class: 'cursor',
      x1: 0,
      x2: 0,
      y1: 0,
      y2: HEIGHT,
      stroke: '#c33',
      'stroke-width': 1.5,
    });
    const dots = analysis.marks.flatMap((mark, i) =>
      mark
        ? [
            svg(
              'circle',
              { class: `mark ${mark}`, cx: xOf(i + 1), cy: yOf(evals[i + 1]!), r: 3 },
              svg('title', {}, document.createTextNode(`${i + 1}: ${MARK_WORDS[mark]}`)),
            ),
          ]
        : [],
    );
    const graph = svg(
      'svg',
      {
        class: 'eval-graph',
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        role: 'img',
        'aria-label': 'Evaluation graph: white’s advantage up, black’s down',
        preserveAspectRatio: 'none',
      },
      svg('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: '#555' }),
      svg('polygon', { points: area, fill: '#eee' }),
      svg('line', { x1: 0, x2: WIDTH, y1: HEIGHT / 2, y2: HEIGHT / 2, stroke: '#999', 'stroke-width': 0.5 }),
      svg('polyline', { points: line, fill: 'none', stroke: '#d59020', 'stroke-width': 1.2 }),
      cursor,
      ...dots,
    );
    graph.addEventListener('click', (event) => {
      const box = graph.getBoundingClientRect();
      go(Math.round(((event.clientX - box.left) / box.width) * last));
    });
    for (const [i, mark] of analysis.marks.entries()) {
      const button = moveButtons[i + 1];
      if (!button || !mark) continue;
      button.dataset.mark = mark;
      button.append(h('span', { class: `mark ${mark}`, title: MARK_WORDS[mark] }, MARK_GLYPHS[mark]));
    }
    const count = (mark: keyof typeof MARK_GLYPHS) => analysis.marks.filter((m) => m === mark).length;
    replace(
      el,
      h('h2', {}, 'Analysis'),
      graph,
      status,
      h(
        'p',
        { class: 'analysis-counts' },
        `Inaccuracies (?!): ${count('inaccuracy')} · mistakes (?): ${count('mistake')} · blunders (??): ${count('blunder')}`,
      ),
    );
  };

  const ask = () => {
    ctx.get<GameAnalysisDto>(`/api/games/${encodeURIComponent(gameId)}/analysis`).then(
      (analysis) => {
        if (stopped) return;
        if (analysis.status === 'done') {
          draw(analysis);
          panel.show(current);
          return;
        }
        status.textContent = `The engine is looking at the game… ${analysis.progress.done} of ${analysis.progress.total} positions`;
        timer = setTimeout(ask, POLL_MS);
      },
      () => {
        if (stopped) return;
        status.textContent = 'The engine is busy; trying again…';
        timer = setTimeout(ask, POLL_MS * 5);
      },
    );
  };

  let current = 0;
  const panel: AnalysisPanel = {
    el,
    show(ply) {
      current = ply;
      if (!cursor || evals.length === 0) return;
      const x = (ply / Math.max(1, evals.length - 1)) * WIDTH;
      cursor.setAttribute('x1', String(x));
      cursor.setAttribute('x2', String(x));
      status.textContent = `Evaluation: ${pawns(evals[ply] ?? 0)}`;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
  ask();
  return panel;
}
