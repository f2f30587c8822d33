/** Where the chess room finds the schedule until it is built on the actor shell. */
export { ActorSchedule } from '../actor/schedule.ts';
