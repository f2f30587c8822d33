import { SESSION_CLOSE_MESSAGES, sessionEndingOf } from '../../schema/moderation.ts';
import { h } from './dom.ts';

/**
 * When moderation closed a connection (a ban, a kick, ended sessions), says so at the top of the
 * page, once, with the server's message; true when `code` was one of those.
 */
export function showSessionEnded(code: number): boolean {
  const why = sessionEndingOf(code);
  if (!why) return false;
  const main = document.getElementById('main');
  if (!main || document.querySelector(`[data-session-ended="${why}"]`)) return true;
  main.prepend(
    h('p', { class: 'session-ended', role: 'alert', 'data-session-ended': why }, SESSION_CLOSE_MESSAGES[why]),
  );
  return true;
}
