import type { JobIdleReason, JobLine } from './command-view.ts';
import type { CommentStatus, Priority } from './comment-lifecycle.ts';
import type { Locale } from './directory.ts';
import { DURATION_UNITS, formatDuration } from './duration.ts';
import { type Part, bold, code, date, join, lines, rich, text, untrusted } from './rich-text.ts';

/**
 * A person's name in a sentence. People recorded from a team's channel chose it themselves on their
 * chat platform, so it is shown as text, never as formatting (like a commenter's name).
 */
const person = (name: string) => untrusted(name);

/**
 * Every text the bot says, in German and English. The team talks to itself in "du" (internal chat);
 * the tone for replies to the public is a per-team setting elsewhere.
 *
 * Labels (buttons, options, titles of dialogs) are plain strings; sentences people read in messages
 * are RichText. Arguments are plain text (names from the configuration) or RichText (dates, code,
 * a stranger's words as `untrusted`): nothing here is escaped for any platform.
 */
const texts = {
  en: {
    priority: { crisis: 'Crisis priority', high: 'High priority', normal: 'Normal priority', low: 'Low priority' } satisfies Record<Priority, string>,
    status: { open: 'Open', claimed: 'Claimed', answered: 'Answered', dismissed: 'Dismissed', removed: 'Removed at source' } satisfies Record<CommentStatus, string>,
    button: { claim: 'Claim', release: 'Release', answer: 'Answered', dismiss: 'Dismiss', route: 'Route to…', open: 'Open original', draft: 'Draft reply' },
    routeGroupTeams: 'Teams',
    routeGroupPeople: 'People',
    by: 'by',
    from: 'from',
    received: 'Received',
    written: 'Written',
    edited: 'edited at source',
    drill: 'DRILL — practice comment, not real',
    inCrisis: 'Arrived during the active crisis — crisis response times apply',
    stateOpen: text('Waiting for someone to claim it'),
    stateClaimed: (who: string, when: Part) => rich`Claimed by ${bold(person(who))} ${when}`,
    stateAssigned: (who: string, by: string, when: Part) => rich`Assigned to ${bold(person(who))} by ${person(by)} ${when}`,
    stateClosed: (status: string, who: string, when: Part) => rich`${status} by ${bold(person(who))} ${when}`,
    stateRemoved: (when: Part) => rich`Removed or hidden at the source ${when}`,
    stateDrillEnded: (when: Part) => rich`Closed at the end of the drill ${when}`,
    stateRouted: (team: string, who: string, when: Part) => rich`Routed to ${bold(team)} by ${person(who)} ${when}`,
    routedHere: (team: string, who: string) => rich`Came from ${bold(team)}, routed here by ${person(who)}`,
    movedAway: (team: string, who: string, when: Part) => rich`➡️ Moved to ${bold(team)} by ${person(who)} ${when}. This card is no longer active.`,
    truncated: '… (shortened, open the original for the full text)',
    // notices
    heldBy: (who: string) => rich`${person(who)} has already claimed this comment. Ask them or the team lead to release or reassign it.`,
    alreadyYours: 'You already hold this comment.',
    notClaimed: 'Nobody holds this comment, so there is nothing to release.',
    notAllowed: (who: string) => rich`Only ${person(who)}, the team lead or an admin may do that.`,
    closed: (status: string) => `This comment is already closed (${status}).`,
    sameTeam: (team: string) => `The comment is already with ${team}.`,
    alreadyHolder: (who: string) => rich`${person(who)} already holds this comment.`,
    notMember: 'You are not on the desk yet. Ask a desk admin to add your user id on your chat platform to the desk configuration (members).',
    unknownComment: 'That comment no longer exists in the desk.',
    busy: 'Several people are changing this comment right now. Look at the card and try again.',
    unknownTarget: 'That team or person is not in the desk configuration.',
    targetNotAssignable: (who: string) => rich`${person(who)} cannot hold comments (needs the agent or lead role).`,
    routedToYou: (by: string, author: Part, excerpt: Part) => rich`${bold(person(by))} passed you a comment by ${author}: “${excerpt}”`,
    routedToYourTeam: (team: string) => `A comment was routed to ${team}.`,
    noChannel: (team: string) => `Team ${team} has no chat channel configured, so its cards cannot be shown.`,
    deskHelp: (cmd: string) =>
      lines([
        rich`${bold('Community Desk')} — new comments from your channels appear as cards in each team's channel.`,
        rich`• ${bold('Claim')} takes a comment (one person wins), ${bold('Release')} gives it back, ${bold('Answered')} / ${bold('Dismiss')} close it.`,
        rich`• ${bold('Route to…')} moves it to another team's channel or hands it to a person (they get a direct message).`,
        rich`• Each comment has a response-time target in the team's working hours. The card shows when it is due; reminders, channel posts and escalations to the lead follow at 75 %, 100 % and 150 % (configurable). ${bold('Snooze…')} on a reminder pauses them, with a reason.`,
        rich`• ${code(`${cmd} status`)} shows the open and overdue work per team; ${code(`${cmd} jobs`)} the scheduled jobs; admins: ${code(`${cmd} run sla-sweep`)}; ${code(`${cmd} help`)} shows this text.`,
        rich`• ${code('/kpi')} shows your team's goals and weekly figures (posted to the channel every Monday); ${code('/crisis help')} explains crisis drills.`,
      ]),
    // response-time targets
    phase: { firstResponse: 'First response', resolution: 'Resolution' },
    phaseLower: { firstResponse: 'first response', resolution: 'resolution' },
    slaDue: (phase: string, when: Part, left: string) => rich`⏱️ ${phase} due ${when} — ${left} left`,
    slaOverdue: (phase: string, by: string, when: Part) => rich`⚠️ ${phase} overdue by ${by} (was due ${when})`,
    slaMet: (phase: string, when: Part) => rich`✅ ${phase} ${when}, within the target`,
    slaMissed: (phase: string, over: string, when: Part) => rich`❌ ${phase} ${when}, ${over} after the target`,
    slaStep: { holder: 'Reminder sent', channel: 'Posted in the channel', lead: 'Escalated to the team lead' },
    slaStepLine: (what: string, percent: number, phase: string, when: Part) => rich`🔔 ${what} at ${percent} % of the ${phase} target ${when}`,
    slaSnoozed: (when: Part) => rich`💤 Reminders snoozed until ${when}`,
    reminderTitle: (percent: number, phase: string) => `⏰ Reminder: ${percent} % of the ${phase} time for this comment is used`,
    reminderReached: (percent: number, phase: string) => `⚠️ The ${phase} target for this comment is reached (${percent} %)`,
    escalationTitle: (percent: number, phase: string, team: string) => `🚨 Escalation in ${team}: the ${phase} target is exceeded (${percent} %)`,
    reminderDue: (when: Part, left: string) => rich`Due ${when}, ${left} left.`,
    reminderOverdue: (when: Part, by: string) => rich`Was due ${when}, overdue by ${by}.`,
    reminderHeldBy: (who: string) => rich`Held by ${bold(person(who))}.`,
    reminderUnclaimed: 'Nobody has claimed it yet.',
    reminderClosed: 'Handled in the meantime.',
    summaryTitle: (team: string, n: number) =>
      rich`🌅 ${bold(team)}: ${n === 1 ? 'one comment' : `${n} comments`} passed a reminder step outside working hours`,
    summaryMore: (n: number) => rich`… and ${n} more. ${code('/desk status')} shows all open work.`,
    triage: {
      sentiment: { positive: 'positive', neutral: 'neutral', negative: 'negative' },
      intent: { question: 'question', complaint: 'complaint', praise: 'praise', lead: 'lead', spam: 'spam', abuse: 'abuse', crisis: 'crisis', other: 'other' },
      urgency: { low: 'not urgent', normal: 'normal urgency', high: 'urgent' },
      labelsTitle: '🏷️ AI',
      byTriage: 'AI triage',
      notClassified: '🏷️ Not classified by AI: the rules decided alone.',
      suggested: (team: Part) => rich`Suggested team: ${bold(team)}`,
      /** The one-click button next to the suggestion (a label: plain text). */
      routeTo: (team: string) => `Route to ${team}`,
      suggestDismiss: 'Looks like spam or abuse: Dismiss?',
      routedByTriage: (reason: Part) => rich`Routed here by triage: ${reason}`,
      injection: '⚠️ The comment tries to instruct the AI; treat it with care.',
      budgetDraftsOff: (month: string, spent: string, budget: string) =>
        rich`💶 ${bold('AI budget')}: ${spent} of ${budget} spent in ${month} (80 %). Automatic reply drafts are off for the rest of the month; the Draft reply button still works.`,
      budgetTriageOff: (month: string, spent: string, budget: string) =>
        rich`💶 ${bold('AI budget')}: ${spent} of ${budget} spent in ${month} (100 %). AI triage is off for the rest of the month; the routing rules carry on and cards say "not classified".`,
    },
    /** A reply draft, shown only to the person who asked (labels: plain text). */
    draft: {
      title: '✍️ Reply draft: only you see this, nothing was sent',
      needsEditing: '⚠️ Needs editing',
      factsToCheck: 'Facts to check',
      originModel: 'AI draft',
      originSaved: (title: string) => `Saved reply “${title}”`,
      back: 'Back to the card',
      /** The saved-reply choice on the card (a placeholder: plain text), and its button on Teams. */
      savedReplyPlaceholder: 'Saved reply…',
      useSavedReply: 'Use saved reply',
    },
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
      intro: (author: Part, excerpt: Part) => rich`Reminders and escalations for the comment by ${bold(author)} pause until then: “${excerpt}”`,
      reasonMissing: 'Please say why, in a few words.',
      outOfDate: 'This dialog is out of date. Close it and try again.',
      done: (until: string) => `Snoozed. Reminders resume ${until}.`,
    },
    units: DURATION_UNITS.en,
    deskStatusTitle: rich`${bold('Open work per team')}`,
    deskStatusLine: (team: string, open: number, claimed: number, overdue: number, oldest: Part | null) =>
      rich`• ${bold(team)}: ${open} open, ${claimed} claimed${overdue ? `, ⚠️ ${overdue} overdue` : ''}${oldest ? rich` — oldest open since ${oldest}` : ''}`,
    deskJobsTitle: rich`${bold('Scheduled jobs')}`,
    deskJobLine: (name: string, schedule: string, zone: string, last: Part) => rich`• ${code(name)} — ${code(schedule)} (${zone}), ${last}`,
    deskJobNeverRan: 'not run yet',
    deskJobIdle: { 'ai-off': 'not scheduled: AI triage is off (no OPENAI_API_KEY, or AI_TRIAGE=false)' } satisfies Record<JobIdleReason, string>,
    deskJobLastRun: (when: Part, failed: string | null) => (failed ? rich`last run ${when} — failed: ${failed}` : rich`last run ${when}`),
    deskRunUsage: (cmd: string, names: readonly string[]) => rich`Usage: ${code(`${cmd} run <job>`)} — jobs: ${join(names.map(code), ', ')}`,
    deskRunAdminsOnly: 'Only desk admins may run jobs by hand.',
    deskRunDone: (name: string, ms: number, result: Part) => rich`Ran ${code(name)} in ${ms} ms: ${result}`,
    deskRunBusy: (name: string) => rich`${code(name)} is running on another instance right now. Try again in a moment.`,
    deskStatusEmpty: 'Nothing is waiting. 🎉 New comments will show up as cards in the team channels.',
    deskAiBudgetOff: { drafts_off: ['automatic drafts (80 %)'], triage_off: ['automatic drafts, triage (100 %)'], ok: [] } as Record<'ok' | 'drafts_off' | 'triage_off', string[]>,
    deskAiOff: rich`🤖 AI is off on this desk: set ${code('OPENAI_API_KEY')} for triage (and ${code('AI_TRIAGE=false')} to keep it off).`,
    deskAi: (a: { month: string; calls: number; triageCalls: number; draftCalls: number; tokensIn: number; tokensOut: number; cost: string; budget: string | null; percent: number | null; triage: boolean; drafts: boolean; switchedOff: string[] }) =>
      lines([
        rich`🤖 ${bold(`AI in ${a.month}`)}: ${a.calls} calls (triage ${a.triageCalls}, drafts ${a.draftCalls}), ${a.tokensIn.toLocaleString('en-GB')} tokens in, ${a.tokensOut.toLocaleString('en-GB')} out.`,
        rich`Cost: ${bold(a.cost)}${a.budget ? ` of ${a.budget} (${a.percent} %)` : ' (no monthly budget set)'}.`,
        rich`Triage: ${a.triage ? 'on' : 'off'}. Automatic drafts: ${a.drafts ? 'on' : 'off'}.${a.switchedOff.length ? ` Switched off by the budget: ${a.switchedOff.join(', ')}.` : ''}`,
      ]),
    unknownSubcommand: (sub: string, cmd: string) => rich`I don't know ${code(`${cmd} ${sub}`)}. Try ${code(`${cmd} help`)}.`,
  },
  de: {
    priority: { crisis: 'Krisenpriorität', high: 'Hohe Priorität', normal: 'Normale Priorität', low: 'Niedrige Priorität' } satisfies Record<Priority, string>,
    status: { open: 'Offen', claimed: 'Übernommen', answered: 'Beantwortet', dismissed: 'Verworfen', removed: 'An der Quelle entfernt' } satisfies Record<CommentStatus, string>,
    button: { claim: 'Übernehmen', release: 'Freigeben', answer: 'Beantwortet', dismiss: 'Verwerfen', route: 'Weiterleiten an…', open: 'Original öffnen', draft: 'Antwort entwerfen' },
    routeGroupTeams: 'Teams',
    routeGroupPeople: 'Personen',
    by: 'von',
    from: 'von',
    received: 'Eingegangen',
    written: 'Geschrieben',
    edited: 'an der Quelle bearbeitet',
    drill: 'ÜBUNG — Übungskommentar, nicht echt',
    inCrisis: 'Während der laufenden Krise eingegangen — es gelten die Krisen-Reaktionszeiten',
    stateOpen: text('Wartet darauf, dass jemand ihn übernimmt'),
    stateClaimed: (who: string, when: Part) => rich`Übernommen von ${bold(person(who))} ${when}`,
    stateAssigned: (who: string, by: string, when: Part) => rich`${bold(person(who))} zugewiesen von ${person(by)} ${when}`,
    stateClosed: (status: string, who: string, when: Part) => rich`${status} von ${bold(person(who))} ${when}`,
    stateRemoved: (when: Part) => rich`An der Quelle entfernt oder ausgeblendet ${when}`,
    stateDrillEnded: (when: Part) => rich`Mit dem Ende der Übung geschlossen ${when}`,
    stateRouted: (team: string, who: string, when: Part) => rich`An ${bold(team)} weitergeleitet von ${person(who)} ${when}`,
    routedHere: (team: string, who: string) => rich`Kam von ${bold(team)}, hierher weitergeleitet von ${person(who)}`,
    movedAway: (team: string, who: string, when: Part) => rich`➡️ An ${bold(team)} weitergeleitet von ${person(who)} ${when}. Diese Karte ist nicht mehr aktiv.`,
    truncated: '… (gekürzt, den vollen Text zeigt das Original)',
    heldBy: (who: string) => rich`${person(who)} hat diesen Kommentar schon übernommen. Frag ${person(who)} oder die Teamleitung, ob er freigegeben oder neu zugewiesen werden kann.`,
    alreadyYours: 'Du hast diesen Kommentar bereits übernommen.',
    notClaimed: 'Niemand hat diesen Kommentar übernommen, es gibt nichts freizugeben.',
    notAllowed: (who: string) => rich`Das dürfen nur ${person(who)}, die Teamleitung oder ein Admin.`,
    closed: (status: string) => `Dieser Kommentar ist bereits abgeschlossen (${status}).`,
    sameTeam: (team: string) => `Der Kommentar liegt bereits bei ${team}.`,
    alreadyHolder: (who: string) => rich`${person(who)} hat diesen Kommentar bereits.`,
    notMember: 'Du bist noch nicht im Desk eingetragen. Bitte einen Desk-Admin, deine User-ID auf deiner Chat-Plattform in der Desk-Konfiguration (members) zu ergänzen.',
    unknownComment: 'Diesen Kommentar gibt es im Desk nicht mehr.',
    busy: 'Gerade ändern mehrere Leute diesen Kommentar. Schau auf die Karte und versuch es noch einmal.',
    unknownTarget: 'Dieses Team oder diese Person steht nicht in der Desk-Konfiguration.',
    targetNotAssignable: (who: string) => rich`${person(who)} kann keine Kommentare übernehmen (braucht die Rolle agent oder lead).`,
    routedToYou: (by: string, author: Part, excerpt: Part) => rich`${bold(person(by))} hat dir einen Kommentar von ${author} zugewiesen: „${excerpt}“`,
    routedToYourTeam: (team: string) => `Ein Kommentar wurde an ${team} weitergeleitet.`,
    noChannel: (team: string) => `Team ${team} hat keinen Chat-Kanal konfiguriert, seine Karten können nicht angezeigt werden.`,
    deskHelp: (cmd: string) =>
      lines([
        rich`${bold('Community Desk')} — neue Kommentare erscheinen als Karten im Kanal des zuständigen Teams.`,
        rich`• ${bold('Übernehmen')} sichert dir einen Kommentar (nur eine Person gewinnt), ${bold('Freigeben')} gibt ihn zurück, ${bold('Beantwortet')} / ${bold('Verwerfen')} schließen ihn.`,
        rich`• ${bold('Weiterleiten an…')} schiebt ihn in den Kanal eines anderen Teams oder gibt ihn einer Person (sie bekommt eine Direktnachricht).`,
        rich`• Jeder Kommentar hat ein Antwortziel in der Arbeitszeit des Teams. Die Karte zeigt, wann er fällig ist; Erinnerungen, Hinweise im Kanal und Eskalationen an die Teamleitung folgen bei 75 %, 100 % und 150 % (einstellbar). ${bold('Pausieren…')} an einer Erinnerung hält sie an, mit Begründung.`,
        rich`• ${code(`${cmd} status`)} zeigt offene und überfällige Arbeit je Team; ${code(`${cmd} jobs`)} die geplanten Jobs; Admins: ${code(`${cmd} run sla-sweep`)}; ${code(`${cmd} help`)} zeigt diesen Text.`,
        rich`• ${code('/kpi')} zeigt die Ziele und Wochenzahlen deines Teams (jeden Montag auch im Kanal); ${code('/crisis help')} erklärt Krisenübungen.`,
      ]),
    phase: { firstResponse: 'Erstreaktion', resolution: 'Erledigung' },
    phaseLower: { firstResponse: 'Erstreaktion', resolution: 'Erledigung' },
    slaDue: (phase: string, when: Part, left: string) => rich`⏱️ ${phase} fällig ${when} — noch ${left}`,
    slaOverdue: (phase: string, by: string, when: Part) => rich`⚠️ ${phase} seit ${by} überfällig (fällig war ${when})`,
    slaMet: (phase: string, when: Part) => rich`✅ ${phase} ${when}, innerhalb des Ziels`,
    slaMissed: (phase: string, over: string, when: Part) => rich`❌ ${phase} ${when}, ${over} nach dem Ziel`,
    slaStep: { holder: 'Erinnerung gesendet', channel: 'Im Kanal gemeldet', lead: 'An die Teamleitung eskaliert' },
    slaStepLine: (what: string, percent: number, phase: string, when: Part) => rich`🔔 ${what} bei ${percent} % des Ziels für die ${phase} ${when}`,
    slaSnoozed: (when: Part) => rich`💤 Erinnerungen pausiert bis ${when}`,
    reminderTitle: (percent: number, phase: string) => `⏰ Erinnerung: ${percent} % der Zeit für die ${phase} dieses Kommentars sind verbraucht`,
    reminderReached: (percent: number, phase: string) => `⚠️ Das Ziel für die ${phase} dieses Kommentars ist erreicht (${percent} %)`,
    escalationTitle: (percent: number, phase: string, team: string) => `🚨 Eskalation in ${team}: Das Ziel für die ${phase} ist überschritten (${percent} %)`,
    reminderDue: (when: Part, left: string) => rich`Fällig ${when}, noch ${left}${left.endsWith('.') ? '' : '.'}`,
    reminderOverdue: (when: Part, by: string) => rich`Fällig war ${when}, seit ${by} überfällig.`,
    reminderHeldBy: (who: string) => rich`Übernommen von ${bold(person(who))}.`,
    reminderUnclaimed: 'Noch hat ihn niemand übernommen.',
    reminderClosed: 'Inzwischen erledigt.',
    summaryTitle: (team: string, n: number) =>
      rich`🌅 ${bold(team)}: ${n === 1 ? 'Ein Kommentar hat' : `${n} Kommentare haben`} außerhalb der Arbeitszeit eine Erinnerungsstufe erreicht`,
    summaryMore: (n: number) => rich`… und ${n} weitere. ${code('/desk status')} zeigt alle offene Arbeit.`,
    triage: {
      sentiment: { positive: 'positiv', neutral: 'neutral', negative: 'negativ' },
      intent: { question: 'Frage', complaint: 'Beschwerde', praise: 'Lob', lead: 'Anfrage', spam: 'Spam', abuse: 'Beleidigung', crisis: 'Krise', other: 'Sonstiges' },
      urgency: { low: 'nicht dringend', normal: 'normal dringend', high: 'dringend' },
      labelsTitle: '🏷️ KI',
      byTriage: 'KI-Einordnung',
      notClassified: '🏷️ Nicht von der KI eingeordnet: Es galten nur die Regeln.',
      suggested: (team: Part) => rich`Vorgeschlagenes Team: ${bold(team)}`,
      /** The one-click button next to the suggestion (a label: plain text). */
      routeTo: (team: string) => `Weiterleiten an ${team}`,
      suggestDismiss: 'Sieht nach Spam oder Beleidigung aus: Verwerfen?',
      routedByTriage: (reason: Part) => rich`Von der KI-Einordnung hierher geleitet: ${reason}`,
      injection: '⚠️ Der Kommentar versucht, der KI Anweisungen zu geben; mit Vorsicht behandeln.',
      budgetDraftsOff: (month: string, spent: string, budget: string) =>
        rich`💶 ${bold('KI-Budget')}: ${spent} von ${budget} im ${month} verbraucht (80 %). Automatische Antwortentwürfe sind für den Rest des Monats aus; der Knopf „Antwort entwerfen“ funktioniert weiter.`,
      budgetTriageOff: (month: string, spent: string, budget: string) =>
        rich`💶 ${bold('KI-Budget')}: ${spent} von ${budget} im ${month} verbraucht (100 %). Die KI-Einordnung ist für den Rest des Monats aus; die Routing-Regeln gelten weiter, Karten zeigen „nicht eingeordnet“.`,
    },
    /** A reply draft, shown only to the person who asked (labels: plain text). */
    draft: {
      title: '✍️ Antwortentwurf: nur du siehst ihn, nichts wurde gesendet',
      needsEditing: '⚠️ Muss überarbeitet werden',
      factsToCheck: 'Fakten prüfen',
      originModel: 'KI-Entwurf',
      originSaved: (title: string) => `Gespeicherte Antwort „${title}“`,
      back: 'Zurück zur Karte',
      /** The saved-reply choice on the card (a placeholder: plain text), and its button on Teams. */
      savedReplyPlaceholder: 'Gespeicherte Antwort…',
      useSavedReply: 'Gespeicherte Antwort nehmen',
    },
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
      intro: (author: Part, excerpt: Part) => rich`Erinnerungen und Eskalationen zum Kommentar von ${bold(author)} pausieren bis dahin: „${excerpt}“`,
      reasonMissing: 'Bitte schreib kurz, warum.',
      outOfDate: 'Dieser Dialog ist veraltet. Schließ ihn und versuch es noch einmal.',
      done: (until: string) => `Pausiert. Die Erinnerungen gehen ${until} weiter.`,
    },
    units: DURATION_UNITS.de,
    deskStatusTitle: rich`${bold('Offene Arbeit je Team')}`,
    deskStatusLine: (team: string, open: number, claimed: number, overdue: number, oldest: Part | null) =>
      rich`• ${bold(team)}: ${open} offen, ${claimed} übernommen${overdue ? `, ⚠️ ${overdue} überfällig` : ''}${oldest ? rich` — ältester offener seit ${oldest}` : ''}`,
    deskJobsTitle: rich`${bold('Geplante Jobs')}`,
    deskJobLine: (name: string, schedule: string, zone: string, last: Part) => rich`• ${code(name)} — ${code(schedule)} (${zone}), ${last}`,
    deskJobNeverRan: 'noch nicht gelaufen',
    deskJobIdle: { 'ai-off': 'nicht geplant: KI-Triage ist aus (kein OPENAI_API_KEY oder AI_TRIAGE=false)' } satisfies Record<JobIdleReason, string>,
    deskJobLastRun: (when: Part, failed: string | null) => (failed ? rich`zuletzt ${when} — fehlgeschlagen: ${failed}` : rich`zuletzt ${when}`),
    deskRunUsage: (cmd: string, names: readonly string[]) => rich`So geht's: ${code(`${cmd} run <job>`)} — Jobs: ${join(names.map(code), ', ')}`,
    deskRunAdminsOnly: 'Jobs von Hand starten dürfen nur Desk-Admins.',
    deskRunDone: (name: string, ms: number, result: Part) => rich`${code(name)} lief in ${ms} ms: ${result}`,
    deskRunBusy: (name: string) => rich`${code(name)} läuft gerade auf einer anderen Instanz. Versuch es gleich noch einmal.`,
    deskStatusEmpty: 'Nichts wartet. 🎉 Neue Kommentare erscheinen als Karten in den Team-Kanälen.',
    deskAiBudgetOff: { drafts_off: ['automatische Entwürfe (80 %)'], triage_off: ['automatische Entwürfe, Einordnung (100 %)'], ok: [] } as Record<'ok' | 'drafts_off' | 'triage_off', string[]>,
    deskAiOff: rich`🤖 KI ist auf diesem Desk aus: ${code('OPENAI_API_KEY')} setzen für die Einordnung (und ${code('AI_TRIAGE=false')}, um sie aus zu lassen).`,
    deskAi: (a: { month: string; calls: number; triageCalls: number; draftCalls: number; tokensIn: number; tokensOut: number; cost: string; budget: string | null; percent: number | null; triage: boolean; drafts: boolean; switchedOff: string[] }) =>
      lines([
        rich`🤖 ${bold(`KI im ${a.month}`)}: ${a.calls} Aufrufe (Einordnung ${a.triageCalls}, Entwürfe ${a.draftCalls}), ${a.tokensIn.toLocaleString('de-DE')} Tokens hinein, ${a.tokensOut.toLocaleString('de-DE')} heraus.`,
        rich`Kosten: ${bold(a.cost)}${a.budget ? ` von ${a.budget} (${a.percent} %)` : ' (kein Monatsbudget gesetzt)'}.`,
        rich`Einordnung: ${a.triage ? 'an' : 'aus'}. Automatische Entwürfe: ${a.drafts ? 'an' : 'aus'}.${a.switchedOff.length ? ` Vom Budget abgeschaltet: ${a.switchedOff.join(', ')}.` : ''}`,
      ]),
    unknownSubcommand: (sub: string, cmd: string) => rich`${code(`${cmd} ${sub}`)} kenne ich nicht. Probier ${code(`${cmd} help`)}.`,
  },
} as const;

export type Texts = (typeof texts)['en'];

export function textsFor(locale: Locale): Texts {
  return texts[locale] as Texts;
}

/** One line of `/desk jobs`: the job, its schedule, and how its last run went (or why it is not scheduled). */
export function deskJobLine(job: JobLine, t: Texts): Part {
  const last = job.lastFinishedAt ? t.deskJobLastRun(date(job.lastFinishedAt), job.lastError) : t.deskJobNeverRan;
  return t.deskJobLine(job.name, job.schedule, job.timeZone, job.idle ? rich`${t.deskJobIdle[job.idle]}; ${last}` : last);
}

/** Working time left or over a target: "25 min", "1 h 10 min", "52 h" (minutes rounded up, so "0 min" never shows). */
export function timeLeft(ms: number, t: Texts): string {
  return formatDuration(ms, t.units, { round: 'up' });
}
