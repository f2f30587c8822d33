/**
 * The players of `SEAT_ONLY=1 npm run bench:cluster` in a process of their own: `pairs` pairs of
 * guests in the closed loop of `seat-pairs.ts`.
 *
 * Protocol (IPC, from `loadtest/support.ts` `startHelper`): the configuration comes as JSON in
 * argv[2]; the process makes its guests and reports `ready`; `go` starts the loops; `count` starts
 * counting the games seated; `report` stops counting and answers `result`; `stop` ends the loops
 * after their game and answers `stopped`.
 */
// First: the SDK loaded by the imports below takes its WebSocket from the global then.
import './node-websocket.ts';
import { newTally, type SeatTally, seatLoop, seatPairs } from './seat-pairs.ts';

export interface SeatPlayersConfig {
  urls: string[];
  pairs: number;
  /** The node of this process's first pair, so that several processes spread over the nodes. */
  first: number;
  timeControl: string;
}

export type SeatPlayersResult = { type: 'result' } & Pick<
  SeatTally,
  'seated' | 'failed' | 'firstFailure' | 'seatMs'
>;

const config = JSON.parse(process.argv[2] ?? '{}') as SeatPlayersConfig;

async function main(): Promise<void> {
  const pairs = await seatPairs(config.urls, config.pairs, config.first);
  const tally = newTally();
  let loops: Promise<unknown> | undefined;
  process.send?.({ type: 'ready' });
  process.on('message', async (message: { type: string }) => {
    try {
      if (message.type === 'go')
        loops = Promise.all(pairs.map((pair) => seatLoop(pair, tally, config.timeControl)));
      else if (message.type === 'count') tally.counting = true;
      else if (message.type === 'report') {
        tally.counting = false;
        const { seated, failed, firstFailure, seatMs } = tally;
        process.send?.({ type: 'result', seated, failed, firstFailure, seatMs } satisfies SeatPlayersResult);
      } else if (message.type === 'stop') {
        tally.stop = true;
        await loops;
        process.send?.({ type: 'stopped' });
      }
    } catch (err) {
      process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  setTimeout(() => process.exit(1), 100);
});
