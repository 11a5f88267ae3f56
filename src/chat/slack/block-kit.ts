/** Block Kit limits (api.slack.com/reference/block-kit) and the text helpers that keep messages within them. */
export const SECTION_TEXT_MAX = 3000;
export const HEADER_TEXT_MAX = 150;
export const BUTTON_TEXT_MAX = 75;

/** Shortens mrkdwn to at most `max` characters ending with `tail`, never inside an entity (&amp;), a <…> token or a surrogate pair. */
export function cut(text: string, max: number, tail = '…'): string {
  if (text.length <= max) return text;
  let kept = text.slice(0, Math.max(0, max - tail.length));
  kept = kept.replace(/&[a-z]*$/, '').replace(/<[^>]*$/, '');
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept}${tail}`;
}

/** Joins lines into chunks of at most `max` characters each (a single longer line is shortened). */
export function pack(lines: string[], max = SECTION_TEXT_MAX): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = cut(raw, max);
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Like `pack`, but at most `maxChunks` chunks; what does not fit is replaced by a "… and n more" line. */
export function packLimited(lines: string[], maxChunks: number, more: (n: number) => string): string[] {
  let chunks = pack(lines);
  if (chunks.length <= maxChunks) return chunks;
  for (let keep = lines.length - 1; keep >= 0; keep--) {
    chunks = pack([...lines.slice(0, keep), more(lines.length - keep)]);
    if (chunks.length <= maxChunks) return chunks;
  }
  return [cut(more(lines.length), SECTION_TEXT_MAX)].slice(0, maxChunks);
}
