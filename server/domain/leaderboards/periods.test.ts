import assert from 'node:assert/strict';
import { ALL_TIME, periodEnd, periodKey, periodStart, type Schedule, type Season } from './periods.ts';

const at = (iso: string) => Date.parse(iso);

describe('leaderboard periods', () => {
  describe('a weekly board in New York (UTC−5 in December)', () => {
    const weekly: Schedule = { reset: 'weekly', timeZone: 'America/New_York' };

    it('the last millisecond of Sunday, local time, is still the old week; Monday 00:00 opens the next', () => {
      // Monday 2026-12-07 00:00 in New York is 05:00 UTC.
      assert.equal(periodKey(weekly, [], at('2026-12-07T04:59:59.999Z')), '2026-11-30');
      assert.equal(periodKey(weekly, [], at('2026-12-07T05:00:00.000Z')), '2026-12-07');
      assert.equal(periodKey(weekly, [], at('2026-12-13T23:00:00.000Z')), '2026-12-07');
    });

    it('a period runs from one local Monday midnight to the next, across the change of summer time', () => {
      // Summer time ends 2026-11-01 in New York: the week of 2026-10-26 starts at 04:00 UTC and ends at 05:00 UTC.
      const inside = at('2026-10-29T12:00:00Z');
      assert.equal(new Date(periodStart(weekly, inside)).toISOString(), '2026-10-26T04:00:00.000Z');
      assert.equal(new Date(periodEnd(weekly, inside)).toISOString(), '2026-11-02T05:00:00.000Z');
      assert.equal(periodKey(weekly, [], inside), '2026-10-26');
    });

    it('at a UTC instant that is already Monday in UTC but still Sunday in New York, the old week holds', () => {
      assert.equal(periodKey(weekly, [], at('2026-12-07T01:00:00Z')), '2026-11-30');
      assert.equal(periodKey({ ...weekly, timeZone: 'UTC' }, [], at('2026-12-07T01:00:00Z')), '2026-12-07');
    });
  });

  describe('a monthly board in Tokyo (UTC+9)', () => {
    const monthly: Schedule = { reset: 'monthly', timeZone: 'Asia/Tokyo' };

    it('the month turns at local midnight of the 1st, which is 15:00 UTC the day before', () => {
      assert.equal(periodKey(monthly, [], at('2026-11-30T14:59:59.999Z')), '2026-11-01');
      assert.equal(periodKey(monthly, [], at('2026-11-30T15:00:00.000Z')), '2026-12-01');
      assert.equal(
        new Date(periodEnd(monthly, at('2026-12-15T00:00:00Z'))).toISOString(),
        '2026-12-31T15:00:00.000Z',
      );
    });

    it('February of a leap year ends on the 29th', () => {
      assert.equal(periodKey(monthly, [], at('2028-02-29T14:59:59Z')), '2028-02-01');
      assert.equal(periodKey(monthly, [], at('2028-02-29T15:00:00Z')), '2028-03-01');
    });
  });

  it('a cron reset at a time other than midnight carries the local time in its key', () => {
    const daily: Schedule = { reset: 'cron', cron: '30 6 * * *', timeZone: 'Europe/Paris' };
    assert.equal(periodKey(daily, [], at('2026-12-07T05:29:59Z')), '2026-12-06T06:30');
    assert.equal(periodKey(daily, [], at('2026-12-07T05:30:00Z')), '2026-12-07T06:30');
  });

  it('a board that never resets has one period; a season board has its seasons and nothing between', () => {
    const seasons: Season[] = [
      { id: 'winter', name: 'Winter', start: at('2026-12-01T00:00:00Z'), end: at('2027-03-01T00:00:00Z') },
      { id: 'summer', name: 'Summer', start: at('2027-06-01T00:00:00Z'), end: at('2027-09-01T00:00:00Z') },
    ];
    assert.equal(
      periodKey({ reset: 'never', timeZone: 'UTC' }, seasons, at('2030-01-01T00:00:00Z')),
      ALL_TIME,
    );
    const season: Schedule = { reset: 'season', timeZone: 'UTC' };
    assert.equal(periodKey(season, seasons, at('2026-12-01T00:00:00Z')), 'winter');
    assert.equal(periodKey(season, seasons, at('2027-02-28T23:59:59.999Z')), 'winter');
    assert.equal(periodKey(season, seasons, at('2027-03-01T00:00:00Z')), null);
    assert.equal(periodKey(season, seasons, at('2027-07-01T00:00:00Z')), 'summer');
  });
});
