import { describe, expect, it } from 'vitest';
import { escapeHtml, html, joinHtml, trustedHtml } from '../../../src/chat/console/html.ts';

describe('html template tag', () => {
  it('escapes every interpolated string, in content and in quoted attributes', () => {
    const name = `"><script>alert('x')</script>&amp;\``;
    const out = html`<p title="${name}">${name}</p>`.value;
    expect(out).toBe('<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;&#96;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;&#96;</p>');
  });

  it('splices Html in unescaped, lists joined, and shows nothing for null, undefined and false', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${[html`<br>`, 'a<b']}${null}${undefined}${false}${0}</p>`.value).toBe('<p><b>&lt;i&gt;</b><br>a&lt;b0</p>');
    expect(joinHtml(['<', trustedHtml('<hr>')], ' ').value).toBe('&lt; <hr>');
  });

  it('escapes the five HTML-special characters and the backtick', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
  });
});
