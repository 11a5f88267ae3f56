import type { Locale } from '../domain/directory.ts';
import type { DateStyle } from '../domain/rich-text.ts';

const INTL_LOCALE: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string, style: DateStyle): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style}`;
  let format = formatters.get(key);
  if (!format) {
    const time = { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } as const;
    const options: Intl.DateTimeFormatOptions = style === 'time' ? { ...time, timeZone } : { ...time, day: 'numeric', month: 'short', year: 'numeric', timeZone };
    try {
      format = new Intl.DateTimeFormat(INTL_LOCALE[locale] ?? 'en-GB', options);
    } catch {
      // A zone this runtime does not know: UTC, named as such.
      format = new Intl.DateTimeFormat(INTL_LOCALE[locale] ?? 'en-GB', { ...options, timeZone: 'UTC' });
    }
    formatters.set(key, format);
  }
  return format;
}

/**
 * An instant as the reader reads it, formatted on the server: in their language and zone, the zone
 * named ("1. Mai 2024, 12:00 MESZ", "1 May 2024, 12:00 CEST"). For surfaces that cannot format dates
 * in the reader's client (Teams cards) or should not depend on it (the console's pages).
 */
export function formatInstant(at: Date, style: DateStyle = 'datetime', locale: Locale = 'en', timeZone = 'UTC'): string {
  return formatter(locale, timeZone, style).format(at);
}
