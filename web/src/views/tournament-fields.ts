import { h } from '../dom.ts';

/** A labelled field with the place for the server's word about it (`data-error-for` its API path). */
export function field(
  id: string,
  label: string,
  control: HTMLElement,
  path: string,
  hint?: string,
): HTMLElement {
  const error = h('span', { class: 'field-error', id: `${id}-error`, 'data-error-for': path });
  control.setAttribute('aria-describedby', `${id}-error`);
  return h(
    'p',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('span', { class: 'hint' }, hint) : null,
    error,
  );
}

/** A checkbox with its label beside it, and the place for the server's word about it. */
export function checkField(box: HTMLInputElement, label: string, path: string): HTMLElement {
  const error = h('span', { class: 'field-error', id: `${box.id}-error`, 'data-error-for': path });
  box.setAttribute('aria-describedby', `${box.id}-error`);
  return h('p', { class: 'field' }, h('label', { class: 'choice' }, box, label), error);
}

/**
 * The optional rating limits of a new tournament: two number fields, empty for no limit; `value()`
 * gives what the API takes (`ratingMin`, `ratingMax`), and the server judges the numbers.
 */
export function ratingLimitFields(): {
  el: HTMLElement;
  value(): { ratingMin?: number; ratingMax?: number };
} {
  const input = (id: string) => h('input', { id, name: id, type: 'number', min: 0, max: 4000, step: 1 });
  const [min, max] = [input('t-rating-min'), input('t-rating-max')];
  const el = h(
    'div',
    { class: 'form-grid' },
    field('t-rating-min', 'Lowest rating', min, 'ratingMin', 'empty: no limit'),
    field('t-rating-max', 'Highest rating', max, 'ratingMax', 'empty: no limit'),
  );
  const limit = (box: HTMLInputElement) => (box.value.trim() === '' ? undefined : Number(box.value));
  return {
    el,
    value: () => {
      const [ratingMin, ratingMax] = [limit(min), limit(max)];
      return {
        ...(ratingMin === undefined ? {} : { ratingMin }),
        ...(ratingMax === undefined ? {} : { ratingMax }),
      };
    },
  };
}

export function numberInput(id: string, value: number, min: number, max: number): HTMLInputElement {
  return h('input', { id, name: id, type: 'number', value, min, max, step: 1, inputmode: 'numeric' });
}
