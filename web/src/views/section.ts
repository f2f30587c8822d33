import { type Child, replace } from '../dom.ts';
import { explain } from './auth.ts';

/** A part of the start page fed by the lobby session: redrawn after changes, stopped on leaving. */
export interface Section {
  el: HTMLElement;
  /** Brings the section up to date (called at most once a frame, after any change). */
  update(): void;
  stop?(): void;
}

const drawn = new WeakMap<Element, string>();

/**
 * Replaces the children of `el` with `render()`, only when `key` differs from the last drawing:
 * lobby patches arrive many times a second and most of them change nothing a section shows (and
 * redrawing would lose the focus of a button the player is on).
 */
export function redraw(el: Element, key: string, render: () => Child | Child[]): void {
  if (drawn.get(el) === key) return;
  drawn.set(el, key);
  const children = render();
  replace(el, ...(Array.isArray(children) ? children : [children]));
}

/**
 * Runs a player's action: the buttons of `scope` are disabled meanwhile, and a refusal is written
 * into `error` (cleared first). Resolves with whether it succeeded.
 */
export async function attempt(
  scope: Element,
  error: HTMLElement,
  action: () => Promise<unknown>,
): Promise<boolean> {
  error.textContent = '';
  const buttons = [...scope.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
  for (const b of buttons) b.disabled = true;
  try {
    await action();
    return true;
  } catch (err) {
    error.textContent = explain(err);
    return false;
  } finally {
    for (const b of buttons) if (b.isConnected) b.disabled = false;
  }
}
