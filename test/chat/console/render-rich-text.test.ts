import { describe, expect, it } from 'vitest';
import { renderConsoleText, safeLink } from '../../../src/chat/console/render-rich-text.ts';
import { bold, code, date, italic, rich, untrusted } from '../../../src/domain/rich-text.ts';

const o = { locale: 'en' as const, timeZone: 'Europe/Berlin' };

describe('RichText as HTML', () => {
  it('renders our emphasis as markup and a stranger\'s words as text', () => {
    const out = renderConsoleText(rich`${bold('Claimed')} by ${untrusted('<b>Eve</b>')} — ${italic('now')} ${code('/kpi <x>')}`, o).value;
    expect(out).toBe('<strong>Claimed</strong> by <span class="untrusted">&lt;b&gt;Eve&lt;/b&gt;</span> — <em>now</em> <code>/kpi &lt;x&gt;</code>');
  });

  it('keeps line breaks as <br> and escapes plain strings too', () => {
    expect(renderConsoleText('a<1\nb', o).value).toBe('a&lt;1<br>b');
  });

  it('formats dates on the server in the reader\'s language and zone, with the instant in datetime', () => {
    const at = new Date('2026-05-01T10:00:00Z');
    expect(renderConsoleText([date(at)], o).value).toBe('<time datetime="2026-05-01T10:00:00.000Z">1 May 2026, 12:00 CEST</time>');
    expect(renderConsoleText([date(at)], { ...o, locale: 'de' }).value).toContain('1. Mai 2026, 12:00 MESZ');
  });

  it('links only web addresses; other schemes show their label', () => {
    expect(renderConsoleText([{ link: { url: 'https://example.com/a?b=1&c="2"', label: 'see' } }], o).value).toBe(
      '<a href="https://example.com/a?b=1&amp;c=%222%22" rel="noopener noreferrer nofollow" target="_blank">see</a>',
    );
    expect(renderConsoleText([{ link: { url: 'javascript:alert(1)', label: 'click' } }], o).value).toBe('click');
    expect(safeLink('data:text/html,<script>')).toBeNull();
    expect(safeLink('/relative')).toBeNull();
  });

  it('names mentions and channels as text, and shows nothing for a token it does not know', () => {
    expect(renderConsoleText([{ mention: { memberId: 'm', name: '<Ann>' } }, ' ', { channel: { channel: 'C1' } }], { ...o, channelName: () => 'general' }).value).toBe(
      '<span class="mention">@&lt;Ann&gt;</span> <span class="channel">#general</span>',
    );
    expect(renderConsoleText([{ future: 1 } as never], o).value).toBe('');
  });
});
