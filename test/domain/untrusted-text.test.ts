import { describe, expect, it } from 'vitest';
import { cutText, cutUnits, excerptText, plainName, visibleText } from '../../src/domain/untrusted-text.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('plainName', () => {
  it('keeps an ordinary name as it is', () => {
    for (const name of ['Erika Mustermann', 'erika_m', 'José Ñúñez', 'محمد', 'שרה כהן', '山田太郎', 'Zoë 👩‍💻', 'Sam 🇩🇪']) expect(plainName(name, 80)).toBe(name);
  });

  it('makes one line of line breaks, tabs and runs of spaces', () => {
    expect(plainName('  Eve\n\nMallory\r\n\tBob\u2028Carol\u2029Dan\u0085 ', 80)).toBe('Eve Mallory Bob Carol Dan');
  });

  it('removes control characters (as spaces), bidi controls and marks, and invisible padding', () => {
    expect(plainName('\u0007Eve\u001b[31m\u0000x\u007f\u009b', 80)).toBe('Eve [31m x');
    expect(plainName('\u202eevil\u202c \u2066a\u2069\u2067b\u2068c\u202a\u202b\u202d \u200e\u200f\u061cd', 80)).toBe('evil abc d');
    expect(plainName('a\u200bd\u2060m\ufeffi\u00adn', 80)).toBe('admin');
  });

  it('keeps the zero-width joiner of emoji sequences', () => {
    expect(plainName('👨‍👩‍👧', 80)).toBe('👨‍👩‍👧');
  });

  it('replaces lone surrogates and noncharacters with U+FFFD', () => {
    expect(plainName('a\uD83Db\uDE00c\ufffe', 80)).toBe('a\ufffdb\ufffdc\ufffd');
  });

  it('caps at max UTF-16 units with an ellipsis, never splitting an emoji or leaving a joiner', () => {
    expect(plainName('N'.repeat(100_000), 80)).toBe(`${'N'.repeat(79)}…`);
    for (let k = 0; k < 90; k++) {
      const name = plainName(`${'x'.repeat(k)}${'👨‍👩‍👧'.repeat(30)}`, 80);
      expect(name.length).toBeLessThanOrEqual(80);
      expect(name).not.toMatch(LONE_SURROGATE);
      expect(name).not.toMatch(/\u200d…$/);
      expect(name.endsWith('…')).toBe(true);
    }
  });

  it('says a name was shortened even when what is left after cleaning is short', () => {
    // 2,000 spaces then a name: only the start is cleaned; the name shown says there was more.
    expect(plainName(`Eve${' '.repeat(2000)}Mallory`, 80)).toBe('Eve…');
  });

  it('falls back when nothing visible is left, and is idempotent', () => {
    expect(plainName('\u0007\u202e\u200b \n', 80)).toBe('—');
    expect(plainName('', 80, '?')).toBe('?');
    for (const raw of ['\u0007Eve\u202e *x*', 'N'.repeat(500), `${'😀'.repeat(100)}`]) expect(plainName(plainName(raw, 80), 80)).toBe(plainName(raw, 80));
  });
});

describe('visibleText', () => {
  it('keeps line breaks (all kinds become \\n) and tabs', () => {
    expect(visibleText('a\r\nb\rc\nd\u2028e\u2029f\u0085g\th')).toBe('a\nb\nc\nd\ne\nf\ng\th');
  });

  it('shows C0 controls as control pictures, DEL as ␡, C1 as U+FFFD', () => {
    expect(visibleText('\u0000\u0001\u0007\u0008\u001b\u001f\u007f\u0080\u009b')).toBe('␀␁␇␈␛␟␡\ufffd\ufffd');
  });

  it('shows bidi embeddings, overrides and isolates as U+FFFD, keeps marks', () => {
    expect(visibleText('a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j')).toBe('a�b�c�d�e�f�g�h�i�j');
    expect(visibleText('שלום\u200f!')).toBe('שלום\u200f!');
  });

  it('leaves ordinary text alone and is idempotent', () => {
    const text = 'Where is my order? 😀 👨‍👩‍👧 *bold* <b> & שלום';
    expect(visibleText(text)).toBe(text);
    const hostile = '\u0007\u202e\uD83D\r\n\u0000';
    expect(visibleText(visibleText(hostile))).toBe(visibleText(hostile));
  });
});

describe('excerptText', () => {
  it('makes one line, shows controls and cuts without splitting an emoji', () => {
    expect(excerptText('a\n\nb\u0007\tc', 120)).toBe('a b␇ c');
    for (let k = 100; k <= 125; k++) {
      const e = excerptText(`${'x'.repeat(k)}${'😀'.repeat(50)}`, 120);
      expect(e.length).toBeLessThanOrEqual(120);
      expect(e).not.toMatch(LONE_SURROGATE);
    }
  });

  it('reads only the start of a huge text', () => {
    expect(excerptText('y'.repeat(1_000_000), 10)).toBe(`${'y'.repeat(9)}…`);
  });
});

describe('cutText and cutUnits', () => {
  it('leave short texts alone', () => {
    expect(cutText('abc', 3)).toBe('abc');
    expect(cutUnits('abc', 3)).toBe('abc');
  });

  it('never end in half a surrogate pair', () => {
    expect(cutUnits('a😀', 2)).toBe('a');
    expect(cutText('ab😀c', 4)).toBe('ab…');
    expect(cutText('abc', 3, { more: true })).toBe('ab…');
  });
});
