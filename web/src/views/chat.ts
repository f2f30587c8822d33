import { h } from '../dom.ts';
import { attempt, redraw, type Section } from './section.ts';

export interface ChatLine {
  name: string;
  text: string;
  /** Server time, ms. */
  at: number;
}

/** The longest line the lobby and parties take. */
const MAX_LINE = 280;

/**
 * A chat: the lines so far (a log that screen readers announce as it grows) and a box to say
 * one; the server's refusals (too fast, too long) are shown under the box.
 */
export function chatBox(options: {
  id: string;
  label: string;
  lines: () => readonly ChatLine[];
  say: (text: string) => Promise<void>;
}): Section {
  const log = h('ol', { class: 'chat-log', role: 'log', 'aria-label': options.label });
  const input = h('input', {
    id: `${options.id}-text`,
    type: 'text',
    maxlength: MAX_LINE,
    autocomplete: 'off',
    enterkeyhint: 'send',
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'chat-form',
      onsubmit: (event) => {
        event.preventDefault();
        const text = input.value;
        void attempt(form, error, () => options.say(text)).then((ok) => {
          if (ok) input.value = '';
        });
      },
    },
    h('label', { for: input.id }, 'Message'),
    h('div', { class: 'row' }, input, h('button', { type: 'submit' }, 'Send')),
    error,
  );
  const el = h('div', { class: 'chat', id: options.id }, log, form);
  return {
    el,
    update: () => {
      const lines = options.lines();
      const last = lines.at(-1);
      redraw(log, `${lines.length}|${last?.at}|${last?.name}|${last?.text}`, () => {
        const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        queueMicrotask(() => {
          if (atBottom) log.scrollTop = log.scrollHeight;
        });
        return lines.map((line) =>
          h('li', {}, h('span', { class: 'chat-name' }, line.name), ' ', h('span', {}, line.text)),
        );
      });
    },
  };
}
