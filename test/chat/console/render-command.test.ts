import { describe, expect, it } from 'vitest';
import { KPI_POST_PATH, pageSvg, renderCommandAnswer, renderConsoleDigest } from '../../../src/chat/console/render-command.ts';
import type { CommandAnswer } from '../../../src/domain/command-view.ts';
import type { Locale } from '../../../src/domain/directory.ts';
import { IMG, SCRIPT, digest, eventHandlers, everyAnswer, figures, tagsOf } from './try-it-fixtures.ts';

const options = (locale: Locale) => ({ locale, timeZone: 'Europe/Berlin', csrf: 'csrf-token-123', returnPath: '/try' });
const render = (answer: CommandAnswer, locale: Locale) => renderCommandAnswer(answer, options(locale)).value;

/** Elements the answers may contain: ours, and the chart's SVG. */
const ALLOWED = new Set([
  'div', 'p', 'strong', 'em', 'code', 'span', 'br', 'time', 'a', 'article', 'h3', 'h4', 'section', 'ul', 'li', 'dl', 'dt', 'dd', 'figure', 'figcaption',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'form', 'input', 'button',
  'svg', 'g', 'path', 'rect', 'text', 'defs', 'clippath', 'tspan', 'line', 'circle', 'polyline', 'title',
]);

/** The heading words each kind shows, per language (from the core's texts). */
const WORDS: Record<Exclude<CommandAnswer['kind'], 'text'>, Record<Locale, string>> = {
  'desk.status': { en: 'Open work per team', de: 'Offene Arbeit je Team' },
  'desk.jobs': { en: 'Scheduled jobs', de: 'Geplante Jobs' },
  'crisis.status': { en: 'DRILL #3', de: 'ÜBUNG #3' },
  'crisis.scenarios': { en: 'Scenarios', de: 'Szenarien' },
  'crisis.reports': { en: 'Reports', de: 'Auswertungen' },
  'crisis.report': { en: '📋 Report', de: '📋 Auswertung' },
  'kpi.digest': { en: '🎯 Goals', de: '🎯 Ziele' },
};

describe('renderCommandAnswer', () => {
  for (const locale of ['en', 'de'] as const) {
    for (const answer of everyAnswer(locale)) {
      it(`renders ${answer.kind} in ${locale}, strangers' words as text`, () => {
        const out = render(answer, locale);
        expect(out).toContain(`data-kind="${answer.kind}"`);
        if (answer.kind !== 'text') expect(out).toContain(WORDS[answer.kind][locale]);
        // Nothing hostile became an element or an event handler; it is all there, escaped.
        expect([...tagsOf(out)].filter((tag) => !ALLOWED.has(tag))).toEqual([]);
        expect(out).not.toMatch(/<script|<img/i);
        expect(eventHandlers(out)).toEqual([]);
        expect(out).toMatch(/&lt;script&gt;|&lt;img src=x onerror=alert\(1\)&gt;/);
      });
    }
  }

  it('words differ by language where the core words them', () => {
    const en = everyAnswer('en').map((a) => render(a, 'en'));
    const de = everyAnswer('de').map((a) => render(a, 'de'));
    en.slice(1).forEach((html, i) => expect(html).not.toBe(de[i + 1]));
  });

  it('shows a text answer with its code and dates, in the reader\'s zone', () => {
    const out = render({ kind: 'text', text: [{ code: '/crisis help' }, ' ', { date: { at: '2026-03-10T09:00:00.000Z', style: 'datetime' } }] }, 'de');
    expect(out).toContain('<code>/crisis help</code>');
    expect(out).toContain('<time datetime="2026-03-10T09:00:00.000Z">');
    expect(out).toContain('10:00');
  });
});

describe('renderConsoleDigest', () => {
  it('draws the chart as inline SVG with its alt text, without inline styles the page policy would block', () => {
    const out = renderConsoleDigest(digest('en'), options('en')).value;
    expect(out).toContain('data-testid="kpi-chart"');
    expect(out).toMatch(/<svg role="img" aria-label="[^"]+" class="chart-svg"/);
    expect(out).toContain('<figcaption class="chart-alt">');
    // The alt text names the days' figures.
    expect(out).toMatch(/Mon 8/);
    expect(out).not.toMatch(/\sstyle="/);
    expect(out).not.toContain('<style');
    expect(out).toContain('font-size="');
  });

  it('offers Post to channel as a form with the week, or not at all', () => {
    const withPost = renderConsoleDigest(digest('de'), options('de'), { teamId: 'support', week: '2026-W47' }).value;
    expect(withPost).toContain(`action="${KPI_POST_PATH}"`);
    expect(withPost).toContain('name="week" value="2026-W47"');
    expect(withPost).toContain('name="csrf" value="csrf-token-123"');
    expect(withPost).toContain('data-testid="kpi-post"');
    expect(withPost).toContain('Im Kanal posten');
    expect(renderConsoleDigest(digest('de'), options('de'), null).value).not.toContain('data-testid="kpi-post"');
  });

  it('lists people, departments and sources in tables, names as text', () => {
    const out = renderConsoleDigest(digest('en'), options('en')).value;
    expect(out).toContain('<table class="digest-table">');
    expect(out).toContain(`Anna ${SCRIPT.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}`);
    expect(out).toContain('x&lt;img src=x onerror=alert(1)&gt;');
    expect(out).not.toContain(IMG);
  });

  it('says when a week had no comments', () => {
    const quiet = digest('en', { figures: figures({ received: 0, answered: 0, byPerson: [], byDepartment: [], bySource: [], byDay: [] }) });
    const out = renderConsoleDigest(quiet, options('en')).value;
    expect(out).toContain('No comments arrived this week');
    expect(out).not.toContain('<table');
  });
});

describe('pageSvg', () => {
  it('turns style attributes into presentation attributes and drops style elements', () => {
    const out = pageSvg('<svg width="8"><style><![CDATA[.a:hover{fill:red}]]></style><text style="font-size:13px;font-family:DejaVu Sans;cursor:pointer;" fill="#000">&lt;b&gt;</text></svg>', 'Alt "text" <b>').value;
    expect(out).toBe('<svg role="img" aria-label="Alt &quot;text&quot; &lt;b&gt;" class="chart-svg" width="8"><text font-size="13px" font-family="DejaVu Sans" fill="#000">&lt;b&gt;</text></svg>');
  });
});
