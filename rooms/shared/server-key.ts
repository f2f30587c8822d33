/**
 * The secret that marks room options only a server may give (restoring a game, held seats, a
 * singleton's fixed id). A node puts `current` in the options it gives, possibly to a room that
 * another node creates; a room trusts options whose key it `accepts`.
 */
export interface ServerKey {
  readonly current: string;
  accepts(given: unknown): boolean;
}

/** A server key from the deployment's keys, the first of which is current. */
export function serverKeyOf(keys: readonly string[]): ServerKey {
  if (keys.length === 0) throw new Error('a server key needs at least one secret');
  return {
    current: keys[0]!,
    accepts: (given) => typeof given === 'string' && keys.includes(given),
  };
}
