import type { Locale } from '../../domain/directory.ts';

/** The console's own words (page chrome, forms); what the desk says comes from the core's texts. */
const en = {
  title: 'Community Desk',
  nav: { inbox: 'Inbox', tryIt: 'Try it', operator: 'Operator' },
  skip: 'Skip to content',
  language: 'Language',
  actingAs: 'Acting as',
  pickMember: 'Choose who you are',
  pickMemberHelp: 'People acting in the console are desk members: pick yourself to claim, route and close comments. The event log notes "via console".',
  pickButton: 'Continue',
  switchMember: 'Switch',
  signOut: 'Sign out',
  signInTitle: 'Sign in',
  password: 'Password',
  signInButton: 'Sign in',
  wrongPassword: 'That password is not right.',
  tooManyTries: (minutes: number) => `Too many wrong passwords from this address. Try again in ${minutes} min.`,
  loopbackOnly: 'The console answers only on this machine (loopback) until CONSOLE_PASSWORD is set. Set CONSOLE_PASSWORD in the environment to open it to other addresses.',
  forbiddenOrigin: 'This request did not come from the console page itself (cross-site request refused). Reload the page and try again.',
  badCsrf: 'The form was out of date (security token). Reload the page and try again.',
  notFound: 'There is no such page in the console.',
  noScript: 'Live updates need JavaScript; without it, reload the page to see changes.',
  live: { connected: 'Live', reconnecting: 'Reconnecting…' },
  inbox: {
    heading: 'Inbox',
    empty: 'Nothing waiting here. New comments appear as they arrive.',
    emptyTryIt: 'No comments yet? Send a few samples from "Try it".',
    open: 'open',
    claimed: 'claimed',
    overdue: 'overdue',
    recentlyClosed: 'Recently closed',
    noTeams: 'No teams are configured (DESK_CONFIG).',
    channels: 'Also in',
  },
  card: {
    claim: 'Claim',
    release: 'Release',
    answer: 'Answered',
    dismiss: 'Dismiss',
    route: 'Route',
    routeTo: 'Route to',
    teams: 'Teams',
    people: 'People',
    snooze: 'Snooze reminders',
    snoozeFor: 'For',
    snoozeReason: 'Reason',
    snoozeButton: 'Snooze',
    snoozeChoices: { '15m': '15 minutes', '30m': '30 minutes', '1h': '1 hour', '2h': '2 hours', '4h': '4 hours', next: 'until the next working period' } as Record<string, string>,
    openOriginal: 'Open original',
    drill: 'Drill',
    crisis: 'Crisis',
    edited: 'edited',
    received: 'Received',
    needMember: 'Choose who you are first (top right).',
    done: 'Done.',
    snoozedUntil: 'Reminders snoozed until',
    back: 'Back to the inbox',
  },
  draft: {
    open: 'Draft reply',
    heading: 'Reply draft',
    button: 'Draft reply',
    again: 'Draft again',
    empty: 'Only you see drafts here. Nothing is sent: copy the text, check it, and answer on the network.',
    model: 'AI draft in the team\'s tone',
    saved: (title: string) => `Saved reply “${title}”`,
    needsEditing: 'Needs editing before you use it:',
    passed: 'The checks found nothing to fix (address form, length, links, mentions).',
    facts: 'Check these facts before answering:',
    textLabel: 'Draft (select all and copy)',
    ready: 'Draft ready.',
    savedLabel: 'Or a saved reply',
    useSaved: 'Use',
  },
};

export type ConsoleTexts = typeof en;

const de: ConsoleTexts = {
  title: 'Community Desk',
  nav: { inbox: 'Eingang', tryIt: 'Ausprobieren', operator: 'Betrieb' },
  skip: 'Zum Inhalt springen',
  language: 'Sprache',
  actingAs: 'Angemeldet als',
  pickMember: 'Wer sind Sie?',
  pickMemberHelp: 'Wer in der Konsole arbeitet, ist Mitglied des Desks: Wählen Sie sich aus, um Kommentare zu übernehmen, weiterzuleiten und abzuschließen. Das Protokoll vermerkt „via Konsole“.',
  pickButton: 'Weiter',
  switchMember: 'Wechseln',
  signOut: 'Abmelden',
  signInTitle: 'Anmelden',
  password: 'Passwort',
  signInButton: 'Anmelden',
  wrongPassword: 'Das Passwort stimmt nicht.',
  tooManyTries: (minutes: number) => `Zu viele falsche Passwörter von dieser Adresse. Bitte in ${minutes} Min. erneut versuchen.`,
  loopbackOnly: 'Die Konsole antwortet nur auf diesem Rechner (Loopback), bis CONSOLE_PASSWORD gesetzt ist. Setzen Sie CONSOLE_PASSWORD in der Umgebung, um sie für andere Adressen zu öffnen.',
  forbiddenOrigin: 'Diese Anfrage kam nicht von der Konsole selbst (seitenübergreifende Anfrage abgelehnt). Bitte Seite neu laden und erneut versuchen.',
  badCsrf: 'Das Formular war veraltet (Sicherheitstoken). Bitte Seite neu laden und erneut versuchen.',
  notFound: 'Diese Seite gibt es in der Konsole nicht.',
  noScript: 'Live-Aktualisierung braucht JavaScript; ohne lädt man die Seite neu, um Änderungen zu sehen.',
  live: { connected: 'Live', reconnecting: 'Verbinde neu …' },
  inbox: {
    heading: 'Eingang',
    empty: 'Hier wartet nichts. Neue Kommentare erscheinen, sobald sie eintreffen.',
    emptyTryIt: 'Noch keine Kommentare? Unter „Ausprobieren“ ein paar Beispiele senden.',
    open: 'offen',
    claimed: 'übernommen',
    overdue: 'überfällig',
    recentlyClosed: 'Zuletzt abgeschlossen',
    noTeams: 'Es sind keine Teams konfiguriert (DESK_CONFIG).',
    channels: 'Auch in',
  },
  card: {
    claim: 'Übernehmen',
    release: 'Freigeben',
    answer: 'Beantwortet',
    dismiss: 'Verwerfen',
    route: 'Weiterleiten',
    routeTo: 'Weiterleiten an',
    teams: 'Teams',
    people: 'Personen',
    snooze: 'Erinnerungen pausieren',
    snoozeFor: 'Für',
    snoozeReason: 'Grund',
    snoozeButton: 'Pausieren',
    snoozeChoices: { '15m': '15 Minuten', '30m': '30 Minuten', '1h': '1 Stunde', '2h': '2 Stunden', '4h': '4 Stunden', next: 'bis zur nächsten Arbeitszeit' },
    openOriginal: 'Original öffnen',
    drill: 'Übung',
    crisis: 'Krise',
    edited: 'bearbeitet',
    received: 'Eingegangen',
    needMember: 'Bitte zuerst oben rechts auswählen, wer Sie sind.',
    done: 'Erledigt.',
    snoozedUntil: 'Erinnerungen pausiert bis',
    back: 'Zurück zum Eingang',
  },
  draft: {
    open: 'Antwort entwerfen',
    heading: 'Antwortentwurf',
    button: 'Antwort entwerfen',
    again: 'Neu entwerfen',
    empty: 'Entwürfe sehen nur Sie. Nichts wird gesendet: Text kopieren, prüfen und im Netzwerk antworten.',
    model: 'KI-Entwurf im Ton des Teams',
    saved: (title: string) => `Gespeicherte Antwort „${title}“`,
    needsEditing: 'Vor der Verwendung überarbeiten:',
    passed: 'Die Prüfungen fanden nichts (Anrede, Länge, Links, Erwähnungen).',
    facts: 'Diese Fakten vor dem Antworten prüfen:',
    textLabel: 'Entwurf (alles markieren und kopieren)',
    ready: 'Entwurf fertig.',
    savedLabel: 'Oder eine gespeicherte Antwort',
    useSaved: 'Verwenden',
  },
};

const TEXTS: Record<Locale, ConsoleTexts> = { en, de };

export function consoleTexts(locale: Locale): ConsoleTexts {
  return TEXTS[locale];
}

/** The browser's preferred language among ours (Accept-Language, by weight), English when none matches. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'de' || tag.startsWith('de-')) return 'de';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}
