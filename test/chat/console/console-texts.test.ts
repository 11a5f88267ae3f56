import { describe, expect, it } from 'vitest';
import { consoleTexts, localeFromAcceptLanguage } from '../../../src/chat/console/console-texts.ts';

describe('console texts', () => {
  it('picks the browser\'s preferred language among German and English by weight', () => {
    expect(localeFromAcceptLanguage('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(localeFromAcceptLanguage('fr-FR,en;q=0.5,de;q=0.7')).toBe('de');
    expect(localeFromAcceptLanguage('en-US,de;q=0')).toBe('en');
    expect(localeFromAcceptLanguage('fr')).toBe('en');
    expect(localeFromAcceptLanguage(undefined)).toBe('en');
  });

  it('has every text in both languages, and they differ where words differ', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(consoleTexts('de')).sort()).toEqual(keys(consoleTexts('en')).sort());
    expect(consoleTexts('de').nav.inbox).toBe('Eingang');
    expect(consoleTexts('en').nav.inbox).toBe('Inbox');
  });
});
