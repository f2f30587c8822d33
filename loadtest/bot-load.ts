import type { BotGamesConfig, BotGamesResult } from './bot-games.ts';
import { fmt, type HelperProcess, readMetrics, startHelper } from './support.ts';

/**
 * Starts the bot games of `BOT_SHARE` against the server at `url` (none when the share is 0) and
 * waits until they are all open; `report` stops them and tells what the bots and the engine did
 * (from the players' side and from the server's /metrics).
 */
export async function startBotGames(
  repoRoot: string,
  opts: {
    games: number;
    botShare: number;
    botLevel: string;
    thinkMinMs: number;
    thinkMaxMs: number;
    timeControl: string;
  },
  url: string,
  helpers: Set<HelperProcess>,
): Promise<{ games: number; report(windowMs: number): Promise<string> } | undefined> {
  const games = Math.round(opts.games * opts.botShare);
  if (games === 0) return undefined;
  const config: BotGamesConfig = {
    url,
    games,
    level: opts.botLevel as BotGamesConfig['level'],
    thinkMinMs: opts.thinkMinMs,
    thinkMaxMs: opts.thinkMaxMs,
    timeControl: opts.timeControl,
  };
  const helper = startHelper(repoRoot, 'loadtest/bot-games.ts', [JSON.stringify(config)]);
  helpers.add(helper);
  await helper.next('ready', 60_000 + games * 1000);
  const before = await engineFigures(url);
  const started = performance.now();
  return {
    games,
    async report(windowMs) {
      helper.send({ type: 'report' });
      const result = await helper.next<BotGamesResult>('result', 20_000);
      const after = await engineFigures(url);
      const elapsedMs = performance.now() - started;
      await helper.stop();
      helpers.delete(helper);
      const searches = after.searches - before.searches;
      const fallbacks = after.fallbacks - before.fallbacks;
      const cpu = (after.cpuSeconds - before.cpuSeconds) / (elapsedMs / 1000);
      return (
        `    bot games: ${fmt(games)} against ${opts.botLevel}, ${fmt(result.botMoves)} bot moves seen ` +
        `(${fmt(result.botMoves / (elapsedMs / 1000), 1)}/s over warm-up and ${fmt(windowMs / 1000)} s window), ` +
        `${fmt(result.ended)} games ended; engine: ${fmt(searches)} searches, ${fmt(fallbacks)} fallback moves, ` +
        `${fmt(cpu * 100)}% of a core, queue ${fmt(after.queue)} at the end` +
        (result.firstFailure ? `; first failure: ${result.firstFailure}` : '')
      );
    },
  };
}

async function engineFigures(url: string) {
  const metric = await readMetrics(url);
  const sum = (name: string) => metric(name) ?? 0;
  return {
    searches: sum('rookery_engine_searches_total'),
    fallbacks: sum('rookery_engine_fallback_moves_total'),
    cpuSeconds: sum('rookery_engine_cpu_seconds_total'),
    queue: sum('rookery_engine_queue_length'),
  };
}
