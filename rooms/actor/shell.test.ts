import assert from 'node:assert/strict';
import type { Client } from '@colyseus/core';
import { z } from 'zod';
import { ERROR_STATUS } from '../../schema/errors.ts';
import { joinError } from './join-error.ts';
import { type MessageTable, validate } from './messages.ts';
import { ActorSchedule } from './schedule.ts';

const client = {} as Client;

describe('the actor shell', () => {
  describe('a message table', () => {
    const heard: Array<[string, number]> = [];
    const table = {
      move: validate(z.strictObject({ steps: z.number().int() }), (sender: string, { steps }) => {
        heard.push([sender, steps]);
        return undefined;
      }),
    } satisfies MessageTable<'move', string>;

    it('hands a payload that fits its schema, parsed, to the handler with its sender', async () => {
      const act = table.move.accept({ steps: 3 });
      assert.ok(act);
      await act('ann', client);
      assert.deepEqual(heard, [['ann', 3]]);
    });

    it('lets nothing that does not fit reach the handler', () => {
      for (const payload of [undefined, 'move', { steps: '3' }, { steps: 1.5 }, { steps: 3, extra: true }])
        assert.equal(table.move.accept(payload), undefined, JSON.stringify(payload));
    });
  });

  it('refuses a join with the HTTP status of its code in the one status table', () => {
    for (const code of [
      'PARTY_FULL',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'UNKNOWN_QUEUE',
      'SERVER_BUSY',
    ] as const) {
      const err = joinError(code, 'why');
      assert.equal(err.code, ERROR_STATUS[code]);
      assert.equal(err.message, `${code}: why`);
    }
  });

  describe('the schedule', () => {
    it('runs changes one at a time, in the order asked, even when one fails', async () => {
      const schedule = new ActorSchedule(() => undefined);
      const order: string[] = [];
      const slow = schedule.serially(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push('slow');
        throw new Error('refused');
      });
      const next = schedule.serially(async () => order.push('next'));
      await assert.rejects(slow, /refused/);
      await next;
      assert.deepEqual(order, ['slow', 'next']);
    });

    it('repeats a timer after each firing, failed or not, until it is cleared', async () => {
      const failures: string[] = [];
      const schedule = new ActorSchedule((_err, timer) => failures.push(timer));
      let fired = 0;
      schedule.every('tick', 5, async () => {
        fired += 1;
        if (fired === 1) throw new Error('first one fails');
      });
      await new Promise((resolve) => setTimeout(resolve, 60));
      schedule.clearAll();
      const stopped = fired;
      assert.ok(stopped >= 3, `fired ${stopped} times`);
      assert.deepEqual(failures, ['tick']);
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(fired, stopped, 'cleared: no more');
    });

    it('does not repeat a timer cleared while it fires', async () => {
      const schedule = new ActorSchedule(() => undefined);
      let fired = 0;
      schedule.every('tick', 1, async () => {
        fired += 1;
        schedule.clearAll();
        await new Promise((resolve) => setTimeout(resolve, 5));
      });
      await new Promise((resolve) => setTimeout(resolve, 40));
      assert.equal(fired, 1);
    });
  });
});
