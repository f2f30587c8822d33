import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { fmt } from './support.ts';

/** The module a bench preloads into the server for ALLOC_PROF (`--import`). */
export const ALLOC_PROFILE_PROBE = fileURLToPath(new URL('./alloc-profile-on-signal.mjs', import.meta.url));

interface ProfileNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: ProfileNode[];
}

/** Where an allocation site lives: a package, a file of ours, Node's own code, or V8's builtins. */
export function placeOf(url: string): string {
  if (url === '') return "V8's builtins";
  const inPackage = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inPackage) return inPackage[1]!;
  if (url.startsWith('node:')) return url.startsWith('node:internal') ? "Node's internals" : url;
  const ours = url.match(/\/(?:dist\/)?((?:server|rooms|schema|client-sdk)\/.*)$/);
  return ours ? ours[1]! : url;
}

/** A sampling heap profile's bytes, in all and by place, largest first. */
export function allocationsByPlace(head: ProfileNode): { total: number; places: [string, number][] } {
  const places = new Map<string, number>();
  let total = 0;
  const stack = [head];
  for (let node = stack.pop(); node; node = stack.pop()) {
    total += node.selfSize;
    if (node.selfSize > 0) {
      const place = placeOf(node.callFrame.url);
      places.set(place, (places.get(place) ?? 0) + node.selfSize);
    }
    stack.push(...node.children);
  }
  return { total, places: [...places].sort((a, b) => b[1] - a[1]) };
}

/**
 * Waits for the profile the server writes at the second signal, and says what a move allocated:
 * in all, and the largest places.
 */
export async function describeAllocations(file: string, moves: number, top = 8): Promise<string> {
  // The file appears when its write begins: read it until it parses.
  let profile: { head: ProfileNode } | undefined;
  for (let waited = 0; ; waited += 100) {
    profile = await readFile(file, 'utf8')
      .then((text) => JSON.parse(text) as { head: ProfileNode })
      .catch(() => undefined);
    if (profile) break;
    if (waited > 30_000) return `    allocation profile: not written to ${file} within 30 s`;
    await sleep(100);
  }
  const { total, places } = allocationsByPlace(profile.head);
  const kib = (bytes: number) => fmt(bytes / Math.max(1, moves) / 1024, 1);
  const largest = places
    .slice(0, top)
    .map(([place, bytes]) => `${place} ${kib(bytes)}`)
    .join(', ');
  return (
    `    allocated a move over the window (V8's sampling heap profiler): ${kib(total)} KiB; by place (KiB): ${largest}\n` +
    `    allocation profile written to ${path.resolve(file)} (Chrome's DevTools: Memory, load); the run's timings include the profiler`
  );
}
