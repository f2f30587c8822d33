import type { Client } from '@colyseus/core';
import { admit } from '../rules/window.ts';

/** Refused messages a client may send before it is disconnected. */
export interface StrikePolicy {
  /** Refusals a client may collect within `windowMs`; one more and it is closed. */
  max: number;
  /** Omitted: every refusal of the connection counts. */
  windowMs?: number;
}

/** The refusals each connection collected, under one policy (none: nobody is ever closed). */
export class Strikes {
  private readonly counted = new WeakMap<Client, number[]>();

  constructor(private readonly policy: StrikePolicy | undefined) {}

  /** Counts a refusal of `client` at `now`; false when that is one too many (close it). */
  strike(client: Client, now: number): boolean {
    if (!this.policy) return true;
    const { max, windowMs = Infinity } = this.policy;
    const kept = admit(this.counted.get(client) ?? [], now, max, windowMs);
    if (!kept) return false;
    this.counted.set(client, kept);
    return true;
  }
}
