import type { CommentStatus, Priority } from './comment-lifecycle.ts';
import type { Locale } from './directory.ts';

/**
 * Every text the bot says, in German and English. The team talks to itself in "du" (internal chat);
 * the tone for replies to the public is a per-team setting elsewhere.
 */
const texts = {
  en: {
    priority: { high: 'High priority', normal: 'Normal priority', low: 'Low priority' } satisfies Record<Priority, string>,
    status: { open: 'Open', claimed: 'Claimed', answered: 'Answered', dismissed: 'Dismissed', removed: 'Removed at source' } satisfies Record<CommentStatus, string>,
    button: { claim: 'Claim', release: 'Release', answer: 'Answered', dismiss: 'Dismiss', route: 'Route to…', open: 'Open original' },
    routeGroupTeams: 'Teams',
    routeGroupPeople: 'People',
    by: 'by',
    from: 'from',
    received: 'Received',
    written: 'Written',
    edited: 'edited at source',
    drill: 'DRILL — practice comment, not real',
    stateOpen: 'Waiting for someone to claim it',
    stateClaimed: (who: string, when: string) => `Claimed by *${who}* ${when}`,
    stateAssigned: (who: string, by: string, when: string) => `Assigned to *${who}* by ${by} ${when}`,
    stateClosed: (status: string, who: string, when: string) => `${status} by *${who}* ${when}`,
    stateRemoved: (when: string) => `Removed or hidden at the source ${when}`,
    stateRouted: (team: string, who: string, when: string) => `Routed to *${team}* by ${who} ${when}`,
    routedHere: (team: string, who: string) => `Came from *${team}*, routed here by ${who}`,
    movedAway: (team: string, who: string, when: string) => `➡️ Moved to *${team}* by ${who} ${when}. This card is no longer active.`,
    truncated: '… (shortened, open the original for the full text)',
    // notices
    heldBy: (who: string) => `${who} has already claimed this comment. Ask them or the team lead to release or reassign it.`,
    alreadyYours: 'You already hold this comment.',
    notClaimed: 'Nobody holds this comment, so there is nothing to release.',
    notAllowed: (who: string) => `Only ${who}, the team lead or an admin may do that.`,
    closed: (status: string) => `This comment is already closed (${status}).`,
    sameTeam: (team: string) => `The comment is already with ${team}.`,
    alreadyHolder: (who: string) => `${who} already holds this comment.`,
    notMember: 'You are not on the desk yet. Ask a desk admin to add your Slack user id to the desk configuration (members).',
    unknownComment: 'That comment no longer exists in the desk.',
    busy: 'Several people are changing this comment right now. Look at the card and try again.',
    unknownTarget: 'That team or person is not in the desk configuration.',
    targetNotAssignable: (who: string) => `${who} cannot hold comments (needs the agent or lead role).`,
    routedToYou: (by: string, author: string, excerpt: string) => `*${by}* passed you a comment by ${author}: “${excerpt}”`,
    routedToYourTeam: (team: string) => `A comment was routed to ${team}.`,
    noChannel: (team: string) => `Team ${team} has no Slack channel configured, so its cards cannot be shown.`,
    deskHelp: (cmd: string) =>
      [
        `*Community Desk* — new comments from your channels appear as cards in each team's channel.`,
        `• *Claim* takes a comment (one person wins), *Release* gives it back, *Answered* / *Dismiss* close it.`,
        `• *Route to…* moves it to another team's channel or hands it to a person (they get a direct message).`,
        `• \`${cmd} status\` shows the open work per team; \`${cmd} help\` shows this text.`,
      ].join('\n'),
    // response-time targets
    phase: { firstResponse: 'First response', resolution: 'Resolution' },
    phaseLower: { firstResponse: 'first response', resolution: 'resolution' },
    slaDue: (phase: string, when: string, left: string) => `⏱️ ${phase} due ${when} — ${left} left`,
    slaOverdue: (phase: string, by: string, when: string) => `⚠️ ${phase} overdue by ${by} (was due ${when})`,
    slaMet: (phase: string, when: string) => `✅ ${phase} ${when}, within the target`,
    slaMissed: (phase: string, over: string, when: string) => `❌ ${phase} ${when}, ${over} after the target`,
    slaStep: { holder: 'Reminder sent', channel: 'Posted in the channel', lead: 'Escalated to the team lead' },
    slaStepLine: (what: string, percent: number, phase: string, when: string) => `🔔 ${what} at ${percent} % of the ${phase} target ${when}`,
    slaSnoozed: (when: string) => `💤 Reminders snoozed until ${when}`,
    reminderTitle: (percent: number, phase: string) => `⏰ Reminder: ${percent} % of the ${phase} time for this comment is used`,
    reminderReached: (percent: number, phase: string) => `⚠️ The ${phase} target for this comment is reached (${percent} %)`,
    escalationTitle: (percent: number, phase: string, team: string) => `🚨 Escalation in ${team}: the ${phase} target is exceeded (${percent} %)`,
    reminderDue: (when: string, left: string) => `Due ${when}, ${left} left.`,
    reminderOverdue: (when: string, by: string) => `Was due ${when}, overdue by ${by}.`,
    reminderHeldBy: (who: string) => `Held by *${who}*.`,
    reminderUnclaimed: 'Nobody has claimed it yet.',
    reminderClosed: 'Handled in the meantime.',
    summaryTitle: (team: string, n: number) =>
      `🌅 *${team}*: ${n === 1 ? 'one comment' : `${n} comments`} passed a reminder step outside working hours`,
    summaryMore: (n: number) => `… and ${n} more. \`/desk status\` shows all open work.`,
    snooze: {
      button: 'Snooze…',
      openCard: 'Open card',
      title: 'Snooze reminders',
      submit: 'Snooze',
      cancel: 'Cancel',
      durationLabel: 'For how long?',
      reasonLabel: 'Why? (goes into the log)',
      reasonHint: 'e.g. waiting for the product team',
      options: { '15m': '15 minutes', '30m': '30 minutes', '1h': '1 hour', '2h': '2 hours', '4h': '4 hours', next: 'Until the next working period' },
      intro: (author: string, excerpt: string) => `Reminders and escalations for the comment by *${author}* pause until then: “${excerpt}”`,
      reasonMissing: 'Please say why, in a few words.',
      done: (until: string) => `Snoozed. Reminders resume ${until}.`,
    },
    duration: (h: number, m: number) => (h && m ? `${h} h ${m} min` : h ? `${h} h` : `${m} min`),
    deskStatusTitle: '*Open work per team*',
    deskStatusLine: (team: string, open: number, claimed: number, oldest: string) =>
      `• *${team}*: ${open} open, ${claimed} claimed${oldest ? ` — oldest open since ${oldest}` : ''}`,
    deskStatusEmpty: 'Nothing is waiting. 🎉 New comments will show up as cards in the team channels.',
    unknownSubcommand: (sub: string, cmd: string) => `I don't know \`${cmd} ${sub}\`. Try \`${cmd} help\`.`,
  },
  de: {
    priority: { high: 'Hohe Priorität', normal: 'Normale Priorität', low: 'Niedrige Priorität' } satisfies Record<Priority, string>,
    status: { open: 'Offen', claimed: 'Übernommen', answered: 'Beantwortet', dismissed: 'Verworfen', removed: 'An der Quelle entfernt' } satisfies Record<CommentStatus, string>,
    button: { claim: 'Übernehmen', release: 'Freigeben', answer: 'Beantwortet', dismiss: 'Verwerfen', route: 'Weiterleiten an…', open: 'Original öffnen' },
    routeGroupTeams: 'Teams',
    routeGroupPeople: 'Personen',
    by: 'von',
    from: 'von',
    received: 'Eingegangen',
    written: 'Geschrieben',
    edited: 'an der Quelle bearbeitet',
    drill: 'ÜBUNG — Übungskommentar, nicht echt',
    stateOpen: 'Wartet darauf, dass jemand ihn übernimmt',
    stateClaimed: (who: string, when: string) => `Übernommen von *${who}* ${when}`,
    stateAssigned: (who: string, by: string, when: string) => `*${who}* zugewiesen von ${by} ${when}`,
    stateClosed: (status: string, who: string, when: string) => `${status} von *${who}* ${when}`,
    stateRemoved: (when: string) => `An der Quelle entfernt oder ausgeblendet ${when}`,
    stateRouted: (team: string, who: string, when: string) => `An *${team}* weitergeleitet von ${who} ${when}`,
    routedHere: (team: string, who: string) => `Kam von *${team}*, hierher weitergeleitet von ${who}`,
    movedAway: (team: string, who: string, when: string) => `➡️ An *${team}* weitergeleitet von ${who} ${when}. Diese Karte ist nicht mehr aktiv.`,
    truncated: '… (gekürzt, den vollen Text zeigt das Original)',
    heldBy: (who: string) => `${who} hat diesen Kommentar schon übernommen. Frag ${who} oder die Teamleitung, ob er freigegeben oder neu zugewiesen werden kann.`,
    alreadyYours: 'Du hast diesen Kommentar bereits übernommen.',
    notClaimed: 'Niemand hat diesen Kommentar übernommen, es gibt nichts freizugeben.',
    notAllowed: (who: string) => `Das dürfen nur ${who}, die Teamleitung oder ein Admin.`,
    closed: (status: string) => `Dieser Kommentar ist bereits abgeschlossen (${status}).`,
    sameTeam: (team: string) => `Der Kommentar liegt bereits bei ${team}.`,
    alreadyHolder: (who: string) => `${who} hat diesen Kommentar bereits.`,
    notMember: 'Du bist noch nicht im Desk eingetragen. Bitte einen Desk-Admin, deine Slack-User-ID in der Desk-Konfiguration (members) zu ergänzen.',
    unknownComment: 'Diesen Kommentar gibt es im Desk nicht mehr.',
    busy: 'Gerade ändern mehrere Leute diesen Kommentar. Schau auf die Karte und versuch es noch einmal.',
    unknownTarget: 'Dieses Team oder diese Person steht nicht in der Desk-Konfiguration.',
    targetNotAssignable: (who: string) => `${who} kann keine Kommentare übernehmen (braucht die Rolle agent oder lead).`,
    routedToYou: (by: string, author: string, excerpt: string) => `*${by}* hat dir einen Kommentar von ${author} zugewiesen: „${excerpt}“`,
    routedToYourTeam: (team: string) => `Ein Kommentar wurde an ${team} weitergeleitet.`,
    noChannel: (team: string) => `Team ${team} hat keinen Slack-Kanal konfiguriert, seine Karten können nicht angezeigt werden.`,
    deskHelp: (cmd: string) =>
      [
        `*Community Desk* — neue Kommentare erscheinen als Karten im Kanal des zuständigen Teams.`,
        `• *Übernehmen* sichert dir einen Kommentar (nur eine Person gewinnt), *Freigeben* gibt ihn zurück, *Beantwortet* / *Verwerfen* schließen ihn.`,
        `• *Weiterleiten an…* schiebt ihn in den Kanal eines anderen Teams oder gibt ihn einer Person (sie bekommt eine Direktnachricht).`,
        `• \`${cmd} status\` zeigt die offene Arbeit je Team; \`${cmd} help\` zeigt diesen Text.`,
      ].join('\n'),
    phase: { firstResponse: 'Erstreaktion', resolution: 'Erledigung' },
    phaseLower: { firstResponse: 'Erstreaktion', resolution: 'Erledigung' },
    slaDue: (phase: string, when: string, left: string) => `⏱️ ${phase} fällig ${when} — noch ${left}`,
    slaOverdue: (phase: string, by: string, when: string) => `⚠️ ${phase} seit ${by} überfällig (fällig war ${when})`,
    slaMet: (phase: string, when: string) => `✅ ${phase} ${when}, innerhalb des Ziels`,
    slaMissed: (phase: string, over: string, when: string) => `❌ ${phase} ${when}, ${over} nach dem Ziel`,
    slaStep: { holder: 'Erinnerung gesendet', channel: 'Im Kanal gemeldet', lead: 'An die Teamleitung eskaliert' },
    slaStepLine: (what: string, percent: number, phase: string, when: string) => `🔔 ${what} bei ${percent} % des Ziels für die ${phase} ${when}`,
    slaSnoozed: (when: string) => `💤 Erinnerungen pausiert bis ${when}`,
    reminderTitle: (percent: number, phase: string) => `⏰ Erinnerung: ${percent} % der Zeit für die ${phase} dieses Kommentars sind verbraucht`,
    reminderReached: (percent: number, phase: string) => `⚠️ Das Ziel für die ${phase} dieses Kommentars ist erreicht (${percent} %)`,
    escalationTitle: (percent: number, phase: string, team: string) => `🚨 Eskalation in ${team}: Das Ziel für die ${phase} ist überschritten (${percent} %)`,
    reminderDue: (when: string, left: string) => `Fällig ${when}, noch ${left}.`,
    reminderOverdue: (when: string, by: string) => `Fällig war ${when}, seit ${by} überfällig.`,
    reminderHeldBy: (who: string) => `Übernommen von *${who}*.`,
    reminderUnclaimed: 'Noch hat ihn niemand übernommen.',
    reminderClosed: 'Inzwischen erledigt.',
    summaryTitle: (team: string, n: number) =>
      `🌅 *${team}*: ${n === 1 ? 'Ein Kommentar hat' : `${n} Kommentare haben`} außerhalb der Arbeitszeit eine Erinnerungsstufe erreicht`,
    summaryMore: (n: number) => `… und ${n} weitere. \`/desk status\` zeigt alle offene Arbeit.`,
    snooze: {
      button: 'Pausieren…',
      openCard: 'Karte öffnen',
      title: 'Erinnerungen pausieren',
      submit: 'Pausieren',
      cancel: 'Abbrechen',
      durationLabel: 'Wie lange?',
      reasonLabel: 'Warum? (kommt ins Protokoll)',
      reasonHint: 'z. B. warten auf das Produktteam',
      options: { '15m': '15 Minuten', '30m': '30 Minuten', '1h': '1 Stunde', '2h': '2 Stunden', '4h': '4 Stunden', next: 'Bis zur nächsten Arbeitszeit' },
      intro: (author: string, excerpt: string) => `Erinnerungen und Eskalationen zum Kommentar von *${author}* pausieren bis dahin: „${excerpt}“`,
      reasonMissing: 'Bitte schreib kurz, warum.',
      done: (until: string) => `Pausiert. Die Erinnerungen gehen ${until} weiter.`,
    },
    duration: (h: number, m: number) => (h && m ? `${h} Std. ${m} Min.` : h ? `${h} Std.` : `${m} Min.`),
    deskStatusTitle: '*Offene Arbeit je Team*',
    deskStatusLine: (team: string, open: number, claimed: number, oldest: string) =>
      `• *${team}*: ${open} offen, ${claimed} übernommen${oldest ? ` — ältester offener seit ${oldest}` : ''}`,
    deskStatusEmpty: 'Nichts wartet. 🎉 Neue Kommentare erscheinen als Karten in den Team-Kanälen.',
    unknownSubcommand: (sub: string, cmd: string) => `\`${cmd} ${sub}\` kenne ich nicht. Probier \`${cmd} help\`.`,
  },
} as const;

export type Texts = (typeof texts)['en'];

export function textsFor(locale: Locale): Texts {
  return texts[locale] as Texts;
}

/** A short excerpt for notifications: first line, at most `max` characters. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** A working-time span for people: "25 min", "1 h 10 min", "52 h" (minutes rounded up, so "0 min" never shows). */
export function formatDuration(ms: number, t: Texts): string {
  const minutes = Math.max(1, Math.ceil(Math.abs(ms) / 60_000));
  return t.duration(Math.floor(minutes / 60), minutes % 60);
}
