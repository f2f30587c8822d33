import { matchMaker } from '@colyseus/core';
import { Gauge, type Registry } from 'prom-client';

type Counts = Map<string, { rooms: number; clients: number }>;

/**
 * Rooms and connected clients of this process, by room type, read from the matchmaker when
 * Prometheus scrapes (nothing is counted on the rooms' hot paths). One scrape reads the
 * matchmaker once for both gauges.
 */
export function registerRoomMetrics(registry: Registry): void {
  let scrape: Promise<Counts> | undefined;
  const counts = () => {
    scrape ??= localRoomCounts().finally(() => {
      setImmediate(() => {
        scrape = undefined;
      });
    });
    return scrape;
  };
  const byType = (name: string, help: string, pick: (c: { rooms: number; clients: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['type'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [type, c] of await counts()) this.set({ type }, pick(c));
      },
    });
  byType('rookery_rooms', 'Rooms hosted by this process, by room type', (c) => c.rooms);
  byType(
    'rookery_room_clients',
    'Clients connected to rooms of this process, by room type',
    (c) => c.clients,
  );
  new Gauge({
    name: 'rookery_ccu',
    help: 'Clients connected to this process',
    registers: [registry],
    collect() {
      this.set(matchMaker.stats.local.ccu);
    },
  });
  // What a connected player and a room cost this process, as the resident memory shared out
  // (no sample while there are none). Their CPU is a rate: the recording rules of ops/alerts.yml
  // divide process_cpu_seconds_total's by these gauges' counts.
  const share = (name: string, help: string, count: () => Promise<number>) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.reset();
        const n = await count();
        if (n > 0) this.set(process.memoryUsage.rss() / n);
      },
    });
  share(
    'rookery_resident_memory_per_client_bytes',
    'Resident memory of this process divided by its connected clients',
    async () => matchMaker.stats.local.ccu,
  );
  share(
    'rookery_resident_memory_per_room_bytes',
    'Resident memory of this process divided by its rooms',
    async () => {
      let rooms = 0;
      for (const c of (await counts()).values()) rooms += c.rooms;
      return rooms;
    },
  );
}

/** Every registered room type (zero when idle) with its local rooms and clients. */
async function localRoomCounts(): Promise<Counts> {
  const counts: Counts = new Map();
  for (const type of Object.keys(matchMaker.getAllHandlers())) counts.set(type, { rooms: 0, clients: 0 });
  if (!matchMaker.driver) return counts;
  for (const room of await matchMaker.query({ processId: matchMaker.processId })) {
    const entry = counts.get(room.name) ?? { rooms: 0, clients: 0 };
    entry.rooms += 1;
    // The room itself, not its listing: a listing takes up to a second to show a client come or
    // gone (`own-listings-driver.ts`).
    entry.clients += matchMaker.getLocalRoomById(room.roomId)?.clients.length ?? room.clients;
    counts.set(room.name, entry);
  }
  return counts;
}
