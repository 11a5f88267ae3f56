/**
 * HTML built only through the `html` template tag: every interpolated value is escaped unless it is
 * already `Html` (made by this tag or by `trustedHtml` for the few fixed strings we write ourselves).
 * So a comment, an author or a team name can only ever land in a page as text.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), numbers, Html, lists of these; null, undefined and false show nothing. */
export type HtmlPart = Html | string | number | null | undefined | false | readonly HtmlPart[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

function part(value: HtmlPart): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlPart[]).map(part).join('');
  return escapeHtml(String(value));
}

/** html`<p>${text}</p>`: interpolations escaped, Html spliced in. */
export function html(strings: TemplateStringsArray, ...values: HtmlPart[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += part(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Markup we wrote ourselves (an SVG we rendered, a fixed snippet). Never for anything a person typed. */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

/** Joins parts into one Html. */
export function joinHtml(parts: readonly HtmlPart[], separator = ''): Html {
  return new Html(parts.map(part).join(separator));
}
