import assert from 'node:assert/strict';
import { type BoardDto, TOURNAMENT_FORMATS, TOURNAMENT_TIE_BREAKS } from '../schema/tournaments.ts';
import { atTables, boardLine } from '../web/src/admin/tournament-boards.ts';
import { parseRoute, tournamentPath } from '../web/src/router.ts';
import {
  boardResult,
  countdown,
  endLine,
  formatName,
  groupsLine,
  ordinal,
  points,
  ratingLimitsLine,
  settingsLine,
  startFromForm,
  startLine,
  tieBreakName,
  tieBreakValue,
} from '../web/src/tournament-text.ts';

/** A `datetime-local` field's value for `d`, in this process's time zone. */
function localInput(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

describe('the web app’s words for tournaments', () => {
  it('says how the groups of a groups-knockout are made and how many go on', () => {
    const options = { count: 2, size: null, advance: 1 };
    assert.equal(groupsLine({ options, double: false }), '2 groups, the winner of each goes on');
    assert.equal(
      groupsLine({ options: { count: null, size: 4, advance: 2 }, double: true }),
      'Groups of 4 at most, the top 2 of each go on, each table played twice',
    );
    assert.equal(
      groupsLine({ options: { count: 1, size: null, advance: 3 }, double: false }),
      '1 group, the top 3 of each go on',
    );
  });

  it('names every format and tie-break of the vocabulary, and a format it does not know yet by its own name', () => {
    assert.equal(formatName('swiss'), 'Swiss');
    assert.equal(formatName('round-robin'), 'Round robin');
    assert.equal(formatName('groups-knockout'), 'Groups then knockout');
    for (const format of TOURNAMENT_FORMATS) assert.match(formatName(format), /^[A-Z][a-z ]+$/);
    assert.equal(formatName('double-elimination'), 'Double elimination');
    for (const tb of TOURNAMENT_TIE_BREAKS) {
      const name = tieBreakName(tb);
      assert.notEqual(name.long, tb, `${tb} has words`);
      assert.ok(name.short.length <= 5, `${tb}'s column head is short`);
    }
    assert.deepEqual(tieBreakName('coin-toss'), { short: 'coin-toss', long: 'coin-toss' });
  });

  it('says the rating limits to enter: both, one of them, or none', () => {
    assert.equal(ratingLimitsLine(1500, 1800), '1500 to 1800');
    assert.equal(ratingLimitsLine(1500, null), '1500 or more');
    assert.equal(ratingLimitsLine(null, 1800), '1800 or less');
    assert.equal(ratingLimitsLine(null, null), null);
  });

  it('writes points with halves, tie-breaks to two decimals, and results as the boards do', () => {
    assert.deepEqual([0, 0.5, 1, 2.5, 10].map(points), ['0', '½', '1', '2½', '10']);
    assert.deepEqual([3, 2.25, 1.3333].map(tieBreakValue), ['3', '2.25', '1.33']);
    assert.equal(boardResult(null), '');
    assert.equal(boardResult({ white: 1, black: 0, forfeit: false }), '1-0');
    assert.equal(boardResult({ white: 0.5, black: 0.5, forfeit: false }), '½-½');
    assert.equal(boardResult({ white: 0, black: 1, forfeit: true }), '0F-1F');
  });

  it('counts down to the start in minutes and seconds, then hours, then days', () => {
    assert.equal(countdown(65_000), '1:05');
    assert.equal(countdown(400), '0:01');
    assert.equal(countdown(-5_000), '0:00');
    assert.equal(countdown(3_600_000 + 4 * 60_000), '1 h 04 min');
    assert.equal(countdown(3 * 86_400_000), '3 days');
    assert.equal(startLine(10_000, 0), 'Starts in 0:10');
    assert.equal(startLine(10_000, 10_000), 'Starting…');
    assert.equal(endLine(600_000, 0), 'Ends in 10:00');
    assert.equal(endLine(600_000, 599_500), 'Ends in 0:01');
    assert.equal(endLine(600_000, 600_000), 'Last games being played');
  });

  it('says what a tournament is in one line', () => {
    const line = settingsLine({
      id: 'abc',
      name: 'Friday',
      game: 'chess',
      format: 'swiss',
      status: 'upcoming',
      timeControl: '3+2',
      rated: true,
      startsAt: 0,
      players: 0,
      capacity: 8,
      totalRounds: 1,
      createdBy: 'u1',
      access: 'public',
      paused: false,
      endedEarly: false,
    });
    assert.equal(line, 'Chess · Swiss · 1 round · 3+2 · Rated');
  });

  it('reads the start from the form: minutes from now, a local time not already past, or by hand', () => {
    const now = Date.UTC(2026, 11, 1, 12, 0, 0);
    assert.deepEqual(startFromForm({ mode: 'in', minutes: '5' }, now), { startsAt: now + 300_000 });
    assert.deepEqual(startFromForm({ mode: 'in', minutes: '0' }, now), { startsAt: now });
    for (const minutes of ['', '-1', 'soon'])
      assert.ok('problem' in startFromForm({ mode: 'in', minutes }, now), `"${minutes}" is refused`);
    const local = localInput(new Date(now + 3_600_000));
    assert.deepEqual(startFromForm({ mode: 'at', local }, now), { startsAt: now + 3_600_000 });
    assert.ok('problem' in startFromForm({ mode: 'at', local: '' }, now));
    const past = localInput(new Date(now - 3_600_000));
    assert.ok('problem' in startFromForm({ mode: 'at', local: past }, now));
    // When its creator starts it: no start time at all.
    assert.deepEqual(startFromForm({ mode: 'by-hand' }, now), { startsAt: null });
  });

  it('routes the list, the form and a tournament, and the form is never taken for a tournament', () => {
    assert.deepEqual(parseRoute('/tournaments'), { view: 'tournaments' });
    assert.deepEqual(parseRoute('/tournaments/'), { view: 'tournaments' });
    assert.deepEqual(parseRoute('/tournaments/new'), { view: 'tournament-new' });
    assert.deepEqual(parseRoute(tournamentPath('Ab3_-x9Z')), { view: 'tournament', id: 'Ab3_-x9Z' });
    assert.deepEqual(parseRoute('/tournaments/a/b'), { view: 'not-found' });
  });
});

describe('the staff console’s boards of the round being played', () => {
  const names = new Map([
    ['u1', 'Ann'],
    ['u2', 'Bob'],
    ['u3', 'Cy'],
  ]);
  const board = (b: Partial<BoardDto>): BoardDto => ({
    board: 0,
    white: 'u1',
    black: 'u2',
    gameId: 'g1',
    result: null,
    match: null,
    table: null,
    ...b,
  });

  it('offers the result of a chess game being played, and its watching on the chess board', () => {
    const line = boardLine(board({}), 'chess', names);
    assert.deepEqual(line, {
      number: 1,
      players: ['Ann', 'Bob'],
      result: 'playing',
      watch: '/play/g1',
      adjudicable: true,
    });
    assert.equal(atTables({ boards: [board({})] }), false);
  });

  it('offers nothing for a game whose result is in, or not yet started', () => {
    const done = boardLine(board({ result: { white: 0.5, black: 0.5, forfeit: false } }), 'chess', names);
    assert.deepEqual([done.result, done.watch, done.adjudicable], ['½-½', null, false]);
    const waiting = boardLine(board({ gameId: null }), 'chess', names);
    assert.deepEqual([waiting.result, waiting.watch, waiting.adjudicable], ['playing', null, false]);
  });

  it('never offers a result for a golf table, whose result is its placings: only its watching', () => {
    const seats = { seats: ['u3', 'u1', 'u2'], placings: null };
    const playing = board({ board: 1, white: 'u3', black: 'u1', gameId: 'g2', table: seats });
    assert.equal(atTables({ boards: [playing] }), true);
    assert.deepEqual(boardLine(playing, 'golf', names), {
      number: 2,
      players: ['Cy', 'Ann', 'Bob'],
      result: 'playing',
      watch: '/golf/g2',
      adjudicable: false,
    });
    const placings = [
      { userId: 'u3', place: 2, points: 1, absent: false },
      { userId: 'u1', place: 1, points: 3, absent: false },
      { userId: 'u2', place: 3, points: 0, absent: true },
    ];
    const done = boardLine(
      { ...playing, result: { white: 1, black: 3, forfeit: false }, table: { ...seats, placings } },
      'golf',
      names,
    );
    assert.deepEqual(
      [done.result, done.watch, done.adjudicable],
      ['1st Ann · 2nd Cy · 3rd Bob (did not come)', null, false],
    );
  });

  it('says a place as an ordinal', () => {
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal), [
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });
});
