import type { RatingPointDto } from '../../schema/leaderboards.ts';

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#2f6b3a', '#1a5fb4', '#a3261b', '#8a5a00', '#6b3a8a', '#00707a'];

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The rating history as an inline SVG: one line per pool over time, the lowest and highest rating
 * on the left, a legend below. Scales to its container's width.
 */
export function ratingChart(points: RatingPointDto[]): SVGSVGElement {
  const width = 600;
  const height = 220;
  const pad = { left: 44, right: 12, top: 12, bottom: 40 };
  const svg = el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'rating-chart',
    role: 'img',
    'aria-label': 'Rating history',
  }) as SVGSVGElement;
  if (points.length === 0) return svg;
  const times = points.map((p) => Date.parse(p.at));
  const ratings = points.map((p) => p.rating);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [r0, r1] = [Math.min(...ratings) - 10, Math.max(...ratings) + 10];
  const x = (t: number) =>
    pad.left + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const y = (r: number) => pad.top + (1 - (r - r0) / (r1 - r0)) * (height - pad.top - pad.bottom);
  svg.append(
    el('line', { x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom, class: 'axis' }),
    el('line', {
      x1: pad.left,
      y1: height - pad.bottom,
      x2: width - pad.right,
      y2: height - pad.bottom,
      class: 'axis',
    }),
    el('text', { x: pad.left - 4, y: y(r1 - 10) + 4, 'text-anchor': 'end', class: 'tick' }, String(r1 - 10)),
    el('text', { x: pad.left - 4, y: y(r0 + 10) + 4, 'text-anchor': 'end', class: 'tick' }, String(r0 + 10)),
  );
  const pools = [...new Set(points.map((p) => p.pool))];
  pools.forEach((pool, i) => {
    const mine = points.filter((p) => p.pool === pool);
    const color = COLORS[i % COLORS.length]!;
    const path = mine.map((p) => `${x(Date.parse(p.at)).toFixed(1)},${y(p.rating).toFixed(1)}`).join(' ');
    svg.append(
      el('polyline', { points: path, fill: 'none', stroke: color, 'stroke-width': 2, 'data-pool': pool }),
    );
    for (const p of mine)
      svg.append(el('circle', { cx: x(Date.parse(p.at)), cy: y(p.rating), r: 2.5, fill: color }));
    const lx = pad.left + i * 110;
    svg.append(
      el('rect', { x: lx, y: height - 16, width: 10, height: 10, fill: color }),
      el('text', { x: lx + 14, y: height - 7, class: 'legend' }, `${pool} ${mine.at(-1)!.rating}`),
    );
  });
  return svg;
}
