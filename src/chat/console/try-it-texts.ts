import type { Locale } from '../../domain/directory.ts';
import type { SampleSetId } from './samples.ts';

/** The words of the console's "Try it" page; what the desk answers comes from the core's texts. */
const en = {
  title: 'Try it',
  intro: 'Send sample comments through the real webhook, run the chat commands, and follow a drill on its board, without any chat workspace.',
  samples: {
    heading: 'Send sample comments',
    intro: 'The samples take the same path as a real source: a signed POST /webhooks/comments, parsed, routed and stored. Each sent sample is a new comment.',
    set: 'Which samples',
    sets: {
      mixed: 'Mixed: German and English',
      de: 'German',
      en: 'English',
      hostile: 'Hostile: markup, scripts, bidi tricks, very long text',
    } satisfies Record<SampleSetId, string>,
    setHints: {
      mixed: 'Praise, questions, complaints, an angry customer, leads and spam from Facebook, Instagram, YouTube, X and a web form.',
      de: 'Praise, questions, complaints, leads and spam, as German customers write them.',
      en: 'Praise, questions, complaints, leads and spam, as English-speaking customers write them.',
      hostile: 'Texts and author names with HTML and script tags, markdown, Slack mrkdwn and bidi overrides: they must show up exactly as typed, as text.',
    } satisfies Record<SampleSetId, string>,
    count: 'How many',
    send: 'Send samples',
    badSet: 'Unknown sample set: choose mixed, German, English or hostile.',
    badCount: 'Choose 1, 5 or 10 samples.',
    result: (sent: number, stored: number) => `${sent} ${sent === 1 ? 'sample' : 'samples'} sent, ${stored} stored.`,
    failed: (status: number, error: string) => (status === 0 ? `The webhook could not be reached: ${error}` : `The webhook answered ${status}: ${error}`),
  },
  commands: {
    heading: 'Commands',
    intro: 'The same commands as in Slack and Teams, with the same answers. Only you see them.',
    command: 'Command',
    text: 'Arguments',
    textPlaceholder: 'e.g. drill, status, last, help',
    run: 'Run',
    presets: 'Quick commands',
    scenario: 'Scenario',
    defaultScenario: 'default scenario',
    answerHeading: 'Answer',
    noAnswer: 'The answer to a command appears here.',
    answerOf: (command: string) => `Answer to ${command}`,
    badCommand: 'Choose a command: /crisis, /kpi or /desk.',
    pickHint: 'Commands run as a desk member: choose who you are.',
  },
  digest: {
    chart: 'Chart: comments per day and median first response',
  },
  board: {
    heading: 'Crisis board',
    noChatRoom: 'No chat platform is connected, so there is no room and nobody is paged: this board is the room. Connect Slack or Microsoft Teams to open a room and page the roster there.',
    none: 'No drill running. Start one with /crisis drill (above, or type a scenario: /crisis drill <scenario>); its board shows up here.',
    notConfigured: 'The desk configuration has no crisis section, so there are no drills to run here.',
    badButton: 'That crisis button is not complete (action, crisis, step). Reload the page and try again.',
    live: 'Updates live while a drill runs.',
  },
};

export type TryItTexts = typeof en;

const de: TryItTexts = {
  title: 'Ausprobieren',
  intro: 'Beispielkommentare über den echten Webhook senden, die Chat-Befehle ausführen und eine Übung auf ihrem Board verfolgen, ganz ohne Chat-Workspace.',
  samples: {
    heading: 'Beispielkommentare senden',
    intro: 'Die Beispiele nehmen denselben Weg wie eine echte Quelle: ein signierter POST /webhooks/comments, geprüft, zugeordnet und gespeichert. Jedes gesendete Beispiel ist ein neuer Kommentar.',
    set: 'Welche Beispiele',
    sets: {
      mixed: 'Gemischt: Deutsch und Englisch',
      de: 'Deutsch',
      en: 'Englisch',
      hostile: 'Feindselig: Markup, Skripte, Bidi-Tricks, sehr langer Text',
    },
    setHints: {
      mixed: 'Lob, Fragen, Beschwerden, ein wütender Kunde, Leads und Spam von Facebook, Instagram, YouTube, X und einem Webformular.',
      de: 'Lob, Fragen, Beschwerden, Leads und Spam, wie deutsche Kundinnen und Kunden schreiben.',
      en: 'Lob, Fragen, Beschwerden, Leads und Spam auf Englisch.',
      hostile: 'Texte und Namen mit HTML- und Script-Tags, Markdown, Slack-mrkdwn und Bidi-Steuerzeichen: Sie müssen genau so erscheinen, wie sie geschrieben wurden, als Text.',
    },
    count: 'Wie viele',
    send: 'Beispiele senden',
    badSet: 'Unbekannte Auswahl: Bitte gemischt, Deutsch, Englisch oder feindselig wählen.',
    badCount: 'Bitte 1, 5 oder 10 Beispiele wählen.',
    result: (sent: number, stored: number) => `${sent} ${sent === 1 ? 'Beispiel' : 'Beispiele'} gesendet, ${stored} gespeichert.`,
    failed: (status: number, error: string) => (status === 0 ? `Der Webhook war nicht erreichbar: ${error}` : `Der Webhook antwortete ${status}: ${error}`),
  },
  commands: {
    heading: 'Befehle',
    intro: 'Dieselben Befehle wie in Slack und Teams, mit denselben Antworten. Nur Sie sehen sie.',
    command: 'Befehl',
    text: 'Argumente',
    textPlaceholder: 'z. B. drill, status, last, help',
    run: 'Ausführen',
    presets: 'Schnellbefehle',
    scenario: 'Szenario',
    defaultScenario: 'Standardszenario',
    answerHeading: 'Antwort',
    noAnswer: 'Hier erscheint die Antwort auf einen Befehl.',
    answerOf: (command: string) => `Antwort auf ${command}`,
    badCommand: 'Bitte einen Befehl wählen: /crisis, /kpi oder /desk.',
    pickHint: 'Befehle laufen als Mitglied des Desks: Bitte wählen Sie, wer Sie sind.',
  },
  digest: {
    chart: 'Diagramm: Kommentare pro Tag und Median der Erstreaktion',
  },
  board: {
    heading: 'Krisen-Board',
    noChatRoom: 'Es ist keine Chat-Plattform verbunden, darum gibt es keinen Raum und niemand wird benachrichtigt: Dieses Board ist der Raum. Verbinden Sie Slack oder Microsoft Teams, um dort einen Raum zu eröffnen und das Krisenteam zu benachrichtigen.',
    none: 'Keine Übung läuft. Starten Sie eine mit /crisis drill (oben, oder mit Szenario: /crisis drill <szenario>); ihr Board erscheint dann hier.',
    notConfigured: 'Die Desk-Konfiguration hat keinen crisis-Abschnitt, darum gibt es hier keine Übungen.',
    badButton: 'Dieser Krisen-Knopf ist unvollständig (Aktion, Krise, Schritt). Bitte Seite neu laden und erneut versuchen.',
    live: 'Aktualisiert sich live, solange eine Übung läuft.',
  },
};

const TEXTS: Record<Locale, TryItTexts> = { en, de };

export function tryItTexts(locale: Locale): TryItTexts {
  return TEXTS[locale];
}
