import { matchMaker } from '@colyseus/core';
import { Gauge, type Registry } from 'prom-client';

/**
 * Rooms and connected clients of this process, by room type, read from the matchmaker when
 * Prometheus scrapes (nothing is counted on the rooms' hot paths).
 */
export function registerRoomMetrics(registry: Registry): void {
  const byType = () => {
    const counts = new Map<string, { rooms: number; clients: number }>();
    for (const handler of Object.keys(matchMaker.getAllHandlers()))
      counts.set(handler, { rooms: 0, clients: 0 });
    return counts;
  };
  new Gauge({
    name: 'rookery_rooms',
    help: 'Rooms hosted by this process, by room type',
    labelNames: ['type'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await localRooms(byType());
      for (const [type, c] of counts) this.set({ type }, c.rooms);
    },
  });
  new Gauge({
    name: 'rookery_room_clients',
    help: 'Clients connected to rooms of this process, by room type',
    labelNames: ['type'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await localRooms(byType());
      for (const [type, c] of counts) this.set({ type }, c.clients);
    },
  });
  new Gauge({
    name: 'rookery_ccu',
    help: 'Clients connected to this process',
    registers: [registry],
    collect() {
      this.set(matchMaker.stats.local.ccu);
    },
  });
}

async function localRooms(counts: Map<string, { rooms: number; clients: number }>) {
  if (matchMaker.state === undefined || !matchMaker.driver) return counts;
  const rooms = await matchMaker.query({ processId: matchMaker.processId });
  for (const room of rooms) {
    const entry = counts.get(room.name) ?? { rooms: 0, clients: 0 };
    entry.rooms += 1;
    entry.clients += room.clients;
    counts.set(room.name, entry);
  }
  return counts;
}
