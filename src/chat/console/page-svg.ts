import { type Html, escapeHtml, trustedHtml } from './html.ts';

const PRESENTATION = new Set(['font-size', 'font-family', 'font-weight', 'font-style', 'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'opacity', 'text-anchor', 'dominant-baseline']);

/**
 * The chart's SVG (rendered by us, names in it already escaped) made fit for a page whose CSP allows
 * no inline styles: `style="…"` becomes presentation attributes, `<style>` (hover effects) goes, and
 * the root gets its role and alt text.
 */
export function pageSvg(svg: string, altText: string): Html {
  const cleaned = svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_all, css: string) =>
      css
        .split(';')
        .map((d) => d.split(':').map((s) => s.trim()))
        .filter(([name, value]) => name && value && PRESENTATION.has(name))
        .map(([name, value]) => ` ${name}="${escapeHtml(value ?? '')}"`)
        .join(''),
    )
    .replace(/<svg\b/, `<svg role="img" aria-label="${escapeHtml(altText)}" class="chart-svg"`);
  return trustedHtml(cleaned);
}
