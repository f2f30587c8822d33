/** Where the queue and party rooms find the schedule until they are built on the actor shell. */
export { ActorSchedule } from '../actor/schedule.ts';
