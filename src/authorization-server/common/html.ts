const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ESCAPES[character]);
}

/** Markup that is already safe: built by `html`, never from outside text. */
export class Html {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

type Interpolation = Html | string | number | boolean | null | undefined | readonly Html[];

/**
 * The pages' one template mechanism: a tagged template literal that HTML-escapes every value
 * interpolated into it, except markup built by `html` itself (a nested fragment, or a list of
 * them). `null`, `undefined` and `false` render nothing, so a fragment can be optional.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let markup = strings[0];
  values.forEach((value, index) => {
    markup += render(value) + strings[index + 1];
  });
  return new Html(markup);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}
