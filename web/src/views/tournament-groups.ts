import type { GroupDto, GroupStageDto } from '../../../schema/tournaments.ts';
import { h } from '../dom.ts';
import { playerName } from '../profile-link.ts';
import { ratingText } from '../rating-text.ts';
import { points, tieBreakValue } from '../tournament-text.ts';
import { standingsHead } from './tournament-parts.ts';

/**
 * A groups-then-knockout's groups: one table each, by score then the tournament's tie-breaks.
 * The players who went on are marked once the group stage is over; while it is played, the
 * places that go on are.
 */
export function groupsView(
  stage: GroupStageDto,
  tieBreaks: readonly string[],
  me: string | undefined,
): HTMLElement {
  if (stage.groups.length === 0) return h('p', { class: 'muted' }, 'The groups are drawn at the start.');
  return h(
    'div',
    { class: 'groups' },
    stage.groups.map((g) => groupTable(g, stage, tieBreaks, me)),
  );
}

function groupTable(g: GroupDto, stage: GroupStageDto, tieBreaks: readonly string[], me: string | undefined) {
  const decided = stage.stage === 'knockout';
  const goesOn = (userId: string, index: number) =>
    decided ? g.qualified.includes(userId) : index < stage.options.advance;
  return h(
    'section',
    { class: 'group', 'data-group': g.name, 'aria-labelledby': `group-${g.name}` },
    h('h3', { id: `group-${g.name}` }, `Group ${g.name}`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'standings tournament-standings group-standings' },
        standingsHead(tieBreaks),
        h(
          'tbody',
          {},
          g.standings.map((r, i) =>
            h(
              'tr',
              {
                class: [
                  r.userId === me ? 'me' : '',
                  goesOn(r.userId, i) ? (decided ? 'through' : 'in-place') : '',
                ]
                  .filter(Boolean)
                  .join(' '),
                'data-user': r.userId,
                'data-name': r.name,
                'data-rank': r.rank,
                'data-score': r.score,
                'data-through': decided && g.qualified.includes(r.userId) ? 'true' : null,
              },
              h('td', { class: 'num' }, String(r.rank)),
              h(
                'td',
                { class: 'player' },
                playerName(r.name),
                r.withdrawn ? h('span', { class: 'muted' }, ' (withdrawn)') : null,
                decided && g.qualified.includes(r.userId)
                  ? h('span', { class: 'through-mark', title: 'Goes on to the knockout' }, ' ✓ through')
                  : null,
              ),
              h('td', { class: 'num rating' }, ratingText(r.rating)),
              h('td', { class: 'num score' }, points(r.score)),
              tieBreaks.map((tb) =>
                h('td', { class: 'num' }, tieBreakValue(r.tieBreaks[tb as keyof typeof r.tieBreaks] ?? 0)),
              ),
            ),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted group-note' },
      `${g.rounds} ${g.rounds === 1 ? 'round' : 'rounds'}`,
      decided
        ? ''
        : stage.options.advance === 1
          ? ' · the winner goes on'
          : ` · the top ${stage.options.advance} go on`,
    ),
  );
}

/**
 * Where a groups-knockout's player stands outside the bracket: `"Group A"` while the groups are
 * played, `"Out in the groups"` once they are (nothing for the other formats).
 */
export function groupStageWords(stage: GroupStageDto | null): (userId: string) => string | null {
  if (!stage?.stage) return () => null;
  const groupOf = new Map(stage.groups.flatMap((g) => g.standings.map((r) => [r.userId, g.name] as const)));
  return (userId) => {
    const name = groupOf.get(userId);
    if (!name) return null;
    return stage.stage === 'groups' ? `Group ${name}` : 'Out in the groups';
  };
}
