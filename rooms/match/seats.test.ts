import assert from 'node:assert/strict';
import {
  chooseSeat,
  emptySeat,
  fullyPresent,
  goneTooLong,
  hold,
  mayClaim,
  membersOf,
  vacate,
} from './seats.ts';

const three = () => [0, 1, 2].map((i) => emptySeat(i, i));
const member = (userId: string) => ({ userId, name: userId.toUpperCase(), guest: false });

describe('match seats', () => {
  it('gives a newcomer the seat asked for when free, else the first free one, and none when all are taken', () => {
    const seats = three();
    assert.equal(chooseSeat(seats, 2, () => 0.9)?.index, 2);
    hold(seats[2]!, { members: [member('c')] });
    assert.equal(chooseSeat(seats, 2, () => 0.9)?.index, 0, 'the wish is taken: the first free seat');
    hold(seats[0]!, { bot: 'plain' });
    hold(seats[1]!, { members: [member('b')] });
    assert.equal(
      chooseSeat(seats, undefined, () => 0),
      undefined,
    );
  });

  it('lets chance choose among all seats when all are free and nothing is asked', () => {
    assert.equal(chooseSeat(three(), undefined, () => 0.99)?.index, 2);
    assert.equal(chooseSeat(three(), undefined, () => 0)?.index, 0);
  });

  it('holds a seat for a team under its captain, and keeps it held when its player leaves before the start', () => {
    const [seat] = three();
    hold(seat!, { members: [member('a'), member('p')] });
    assert.deepEqual([seat!.userId, seat!.name, seat!.reserved], ['a', 'A & P', true]);
    assert.deepEqual(membersOf(seat!), [
      { userId: 'a', present: false },
      { userId: 'p', present: false },
    ]);
    seat!.sessionId = 's1';
    assert.equal(fullyPresent(seat!), false, 'the partner has not come');
    seat!.partners[0]!.sessionId = 's2';
    assert.equal(fullyPresent(seat!), true);
    vacate(seat!);
    assert.deepEqual([seat!.userId, seat!.sessionId], ['a', null], 'still held, nobody connected');
    const open = emptySeat(1, 1);
    Object.assign(open, { userId: 'x', name: 'X', sessionId: 's3' });
    vacate(open);
    assert.equal(open.userId, null, 'a seat nobody held is free again');
  });

  it('lets a player claim only when every seat of the other teams is gone for the grace period; a bot is never gone', () => {
    const seats = three();
    hold(seats[2]!, { bot: 'plain' });
    Object.assign(seats[1]!, { userId: 'b', goneSince: 1_000 });
    assert.equal(goneTooLong(seats[1]!, 1_999, 1_000), false);
    assert.equal(goneTooLong(seats[1]!, 2_000, 1_000), true);
    assert.equal(mayClaim(seats, seats[0]!, 5_000, 1_000), false, 'the bot is still there');
    seats[2] = emptySeat(2, 2);
    Object.assign(seats[2]!, { userId: 'c', goneSince: 3_000 });
    assert.equal(mayClaim(seats, seats[0]!, 3_500, 1_000), false, 'one of them left too recently');
    assert.equal(mayClaim(seats, seats[0]!, 4_000, 1_000), true);
  });
});
