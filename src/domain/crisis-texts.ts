import type { CrisisKind, CrisisRole } from './crisis.ts';
import type { Locale } from './directory.ts';
import { DURATION_UNITS, type DurationUnits, formatDuration } from './duration.ts';
import { type Part, type RichText, bold, code, italic, join, lines, rich, text } from './rich-text.ts';

/**
 * Every text of `/crisis` (drills and real crises), in German and English: the room's board, pages,
 * the holding statement, updates, the report, and the command's ephemeral answers. Pure: no SDK.
 * The team talks to itself in "du", like i18n.ts.
 *
 * Sentences are RichText: arguments are plain text (titles, labels) or RichText (mention, date and
 * channel tokens, a stranger's words as `untrusted`); nothing is escaped for any platform here.
 * Button labels and headlines are plain strings.
 */

/** The subcommands of `/crisis`, in the order help lists them. */
export const CRISIS_SUBCOMMANDS = ['drill', 'declare', 'status', 'update', 'end', 'scenarios', 'reports', 'report', 'help'] as const;
export type CrisisSubcommand = (typeof CRISIS_SUBCOMMANDS)[number];

function isSubcommand(sub: string): sub is CrisisSubcommand {
  return (CRISIS_SUBCOMMANDS as readonly string[]).includes(sub);
}

/** "45 s", "4 min", "1 h 5 min": a stopwatch (whole units passed, rounded down); the sign is ignored. */
function durationIn(units: DurationUnits): (ms: number) => string {
  return (ms: number) => formatDuration(ms, units, { round: 'down' });
}

/** "a", "a and b", "a, b and c". */
function listWith(and: string) {
  function list(items: readonly string[]): string;
  function list(items: readonly Part[]): RichText;
  function list(items: readonly Part[]): RichText {
    return items.length <= 1 ? text(...items) : text(join(items.slice(0, -1), ', '), ` ${and} `, items[items.length - 1]!);
  }
  return list;
}

/** " detail", or nothing when there is none. */
const after = (detail: Part) => (detail === '' || (Array.isArray(detail) && detail.length === 0) ? '' : text(' ', detail));

const enList = listWith('and');
const deList = listWith('und');
const codeList = (ids: string[]) => join(ids.map(code), ', ');

/** A 0–1 share as a whole percentage, written like i18n.ts in both languages: "83 %". */
const percent = (share: number) => `${Math.round(share * 100)} %`;

const EN_SUBCOMMANDS: Record<CrisisSubcommand, { args: string; what: RichText }> = {
  drill: { args: '[scenario]', what: rich`start a drill; name a scenario from ${code('scenarios')} or leave it out for the default one` },
  declare: { args: '[summary]', what: 'declare a real crisis, with a short summary of what is happening' },
  status: { args: '', what: 'the running drill or crisis: roster, checklist, comments, latest events' },
  update: { args: '<text>', what: 'post a status update to the room (real crises: also to the stakeholder channel)' },
  end: { args: '', what: 'end the running drill or crisis; the report follows in the room' },
  scenarios: { args: '', what: 'the scenarios you can rehearse' },
  reports: { args: '', what: 'reports of past drills and crises, newest first' },
  report: { args: '<number>', what: rich`one report, e.g. ${code('report 3')}` },
  help: { args: '', what: 'this text' },
};

const DE_SUBCOMMANDS: Record<CrisisSubcommand, { args: string; what: RichText }> = {
  drill: { args: '[szenario]', what: rich`startet eine Übung; nenn ein Szenario aus ${code('scenarios')} oder lass es weg für das Standardszenario` },
  declare: { args: '[zusammenfassung]', what: 'ruft eine echte Krise aus, mit einer kurzen Zusammenfassung, was los ist' },
  status: { args: '', what: 'die laufende Übung oder Krise: Krisenteam, Checkliste, Kommentare, letzte Ereignisse' },
  update: { args: '<text>', what: 'postet ein Update in den Raum (echte Krisen: auch in den Stakeholder-Kanal)' },
  end: { args: '', what: 'beendet die laufende Übung oder Krise; die Auswertung folgt im Raum' },
  scenarios: { args: '', what: 'die Szenarien, die du üben kannst' },
  reports: { args: '', what: 'Auswertungen vergangener Übungen und Krisen, neueste zuerst' },
  report: { args: '<nummer>', what: rich`eine Auswertung, z. B. ${code('report 3')}` },
  help: { args: '', what: 'dieser Text' },
};

const usageLine = (cmd: string, sub: CrisisSubcommand, spec: Record<CrisisSubcommand, { args: string }>) =>
  code(`${cmd} ${sub}${spec[sub].args ? ` ${spec[sub].args}` : ''}`);

const en = {
  // ---- labels ------------------------------------------------------------------------------
  kind: (kind: CrisisKind): string => (kind === 'drill' ? 'Drill' : 'Crisis'),
  /** The marking every message of a drill (🧪) or real crisis (🚨) carries. */
  mark: (kind: CrisisKind): string => (kind === 'drill' ? '🧪 DRILL' : '🚨 CRISIS'),
  headline: (kind: CrisisKind, number: number, title: string) => `${kind === 'drill' ? '🧪 DRILL' : '🚨 CRISIS'} #${number} — ${title}`,
  roles: { lead: 'Lead', communications: 'Communications', legal: 'Legal', socialMedia: 'Social media', management: 'Management' } satisfies Record<CrisisRole, string>,
  endReason: { command: 'ended with /crisis end', time_limit: 'time limit reached' },
  audience: { room: 'the room', stakeholders: 'the stakeholder channel' },
  button: { ack: 'Acknowledge', done: 'Done', approve: 'Approve' },
  duration: durationIn(DURATION_UNITS.en),
  percent,
  list: enList,
  someone: 'someone',
  /** Who did what the bot did by itself (a time limit, a burst). */
  system: 'Community Desk',
  none: '—',
  truncated: ' … (shortened)',
  more: (n: number) => `… and ${n} more`,
  // ---- board ------------------------------------------------------------------------------
  drillNotice: '🧪 This is a drill. Nothing here reaches any network; the comments in the inbox are practice comments marked DRILL.',
  situation: 'Situation',
  summary: 'Summary',
  started: (when: Part, who: Part) => rich`Started ${when} by ${who}`,
  timeLimit: (when: Part) => rich`ends by itself ${when}`,
  endedLine: (when: Part, reason: string, who: Part | null) => rich`🏁 Ended ${when}${who ? rich` by ${who}` : ''} (${reason})`,
  roster: 'Roster',
  rosterProgress: (acked: number, total: number) => `${acked}/${total} acknowledged`,
  rosterHint: 'On the roster? Acknowledge here or in your direct message.',
  nobodyInRole: 'nobody assigned',
  checklist: 'Checklist',
  checklistProgress: (done: number, total: number) => `${done}/${total} done`,
  stepTarget: (offset: string) => `target ${offset}`,
  stepApprovesStatement: 'ticked by approving the holding statement',
  stepPastTarget: '⚠️ past its target',
  stepDoneBy: (who: Part, offset: string, verdict: string) => rich`✅ ${who} ${offset} (${verdict})`,
  onTime: 'on time',
  late: (by: string) => `${by} late`,
  compactChecklist: (undone: number) => `Long checklist: ${undone === 1 ? 'the open step is' : 'open steps are'} ticked with the numbered buttons below.`,
  doneButtonNumbered: (n: number, title: string) => `Done: ${n}. ${title}`,
  stepsNotShown: (n: number) => rich`… ${n} more steps do not fit into this message; ${code('/crisis status')} lists the open ones.`,
  commentCounts: (received: number, claimed: number, answered: number, open: number) =>
    `💬 Comments: ${received} received · ${claimed} claimed · ${answered} answered · ${open} open`,
  burstProgress: (injected: number, count: number) => `🧪 Practice comments injected: ${injected}/${count}`,
  statementState: (state: Part) => rich`📝 Holding statement: ${state}`,
  statementWaiting: 'waiting for approval',
  // ---- page -------------------------------------------------------------------------------
  pageIntro: (kindLabel: string, number: number, roles: string) => rich`You are on the crisis roster for ${bold(rich`${kindLabel} #${number}`)} as ${bold(roles)}.`,
  pageAsk: 'Please acknowledge, so the lead knows you are on it.',
  room: (link: Part) => rich`Room: ${link}`,
  roomPending: 'The room is being opened; you will be invited.',
  acknowledged: (offset: string) => `✅ Acknowledged ${offset}`,
  pageEnded: (kindLabel: string, number: number, when: Part) => rich`🏁 ${kindLabel} #${number} ended ${when}. Nothing more to do here.`,
  pageFallback: (roles: string) => `you are paged as ${roles}. Please acknowledge.`,
  // ---- holding statement ------------------------------------------------------------------
  statementTitle: '📝 Holding statement (draft)',
  statementDrillNote: '🧪 A draft for practice: it is not posted anywhere.',
  statementHint: 'Agree on the wording in the room, then approve it.',
  statementApprovedBy: (who: Part, when: Part) => rich`✅ Approved by ${who} ${when}`,
  statementNotApproved: 'Not approved before the end.',
  // ---- update -----------------------------------------------------------------------------
  updateTitle: '📣 Update',
  updateBy: (who: Part, when: Part) => rich`by ${who} ${when}`,
  updateFallback: (kindLabel: string, number: number) => `📣 Update on ${kindLabel} #${number}`,
  // ---- announcement -----------------------------------------------------------------------
  announcementDeclared: (who: Part, when: Part) => rich`${who} declared a crisis ${when}.`,
  announcementLeads: (names: Part) => rich`Crisis lead: ${names}`,
  announcementFollow: 'Status updates follow here.',
  // ---- report -----------------------------------------------------------------------------
  reportTitle: '📋 Report',
  reportDrillNote: '🧪 Drill report: the comments were practice comments.',
  reportStarted: (when: Part) => rich`${bold('Started:')} ${when}`,
  reportEnded: (when: Part, reason: string) => rich`${bold('Ended:')} ${when} (${reason})`,
  reportDuration: (d: string) => rich`${bold('Duration:')} ${d}`,
  reportFirstAck: (offset: string | null) => rich`${bold('First acknowledgement:')} ${offset ?? 'nobody acknowledged'}`,
  reportRoles: 'Acknowledgements per role',
  reportRoleAck: (who: Part, offset: string) => rich`✅ ${who} ${offset}`,
  reportRoleNoAck: '❌ no acknowledgement',
  reportSteps: 'Checklist',
  reportStepOnTime: (offset: string, target: string, who: Part) => rich`${offset} by ${who} (target ${target}, on time)`,
  reportStepLate: (offset: string, target: string, late: string, who: Part) => rich`${offset} by ${who} (target ${target}, late by ${late})`,
  reportStepNotDone: (target: string) => `not done (target ${target})`,
  reportStatementApproved: (offset: string, who: Part) => rich`📝 ${bold('Holding statement:')} approved ${offset} by ${who}`,
  reportStatementNotApproved: rich`📝 ${bold('Holding statement:')} not approved`,
  reportComments: 'Comments',
  reportCommentCounts: (received: number, claimed: number, answered: number, open: number) =>
    `${received} received · ${claimed} claimed · ${answered} answered · ${open} open`,
  reportCommentTimes: (median: string, p90: string, answer: string, within: string) =>
    `First response: median ${median}, 90 % within ${p90} · answered: median ${answer} · ${within} of first responses within target`,
  reportUpdates: (n: number) => `📣 ${n === 1 ? 'One status update' : `${n} status updates`} posted`,
  reportMissed: 'What was missed',
  reportNothingMissed: 'Nothing missed 🎉',
  missed: {
    roleUnacknowledged: (role: string) => `Nobody acknowledged as ${role}`,
    stepNotDone: (title: string) => `Not done: ${title}`,
    stepLate: (title: string, late: string) => `Late by ${late}: ${title}`,
    statementNotApproved: 'The holding statement was not approved',
    commentsUnanswered: (n: number) => (n === 1 ? 'One comment was still open at the end' : `${n} comments were still open at the end`),
    commentsLate: (n: number) => (n === 1 ? 'One comment got its first response after the target' : `${n} comments got their first response after the target`),
  },
  // ---- lists ------------------------------------------------------------------------------
  reportsTitle: rich`${bold('Reports')} (newest first)`,
  reportsHint: (cmd: string) => rich`${code(`${cmd} report <number>`)} shows one.`,
  reportListLine: (p: { kind: string; number: number; title: string; when: Part; duration: string; firstAck: RichText | null; stepsOnTime: number; steps: number; answered: number; received: number }) =>
    rich`• ${bold(rich`${p.kind} #${p.number}`)} — ${p.title} · ${p.when} · ${p.duration} · first acknowledgement ${p.firstAck ?? '—'} · steps on time ${p.stepsOnTime}/${p.steps} · comments answered ${p.answered}/${p.received}`,
  scenariosTitle: rich`${bold('Scenarios')}`,
  scenarioLine: (p: { id: string; title: string; steps: number; timeLimit: string; burst: string | null; isDeclare: boolean }) =>
    rich`• ${code(p.id)} — ${bold(p.title)} · ${p.steps === 1 ? 'one step' : `${p.steps} steps`} · time limit ${p.timeLimit}${p.burst ? ` · ${p.burst}` : ''}${p.isDeclare ? rich` · ${italic(rich`used by ${code('/crisis declare')}`)}` : ''}`,
  scenarioBurst: (count: number, over: string) => `${count} practice comments over ${over}`,
  scenarioNoBurst: 'no practice comments',
  scenariosHint: (cmd: string) => rich`Start one with ${code(`${cmd} drill <scenario>`)}.`,
  noScenarios: rich`No scenarios are configured. A desk admin can add them under ${code('crisis.scenarios')} in the desk configuration.`,
  // ---- status -----------------------------------------------------------------------------
  statusRoster: (acked: number, total: number, waiting: RichText) => rich`${bold('Roster:')} ${acked}/${total} acknowledged${waiting ? rich` — waiting for ${waiting}` : ''}`,
  statusChecklist: (done: number, total: number) => rich`${bold('Checklist:')} ${done}/${total} done`,
  statusNextSteps: 'Open steps:',
  statusTimeline: rich`${bold('Latest')}`,
  /** Timeline lines by event type (the crisis store's event types, and those of the crisis' comments). */
  timeline: {
    drill_started: (who: Part) => rich`${who} started the drill`,
    crisis_declared: (who: Part) => rich`${who} declared the crisis`,
    acknowledged: (who: Part) => rich`${who} acknowledged`,
    step_done: (who: Part, detail: Part) => rich`${who} ticked${after(detail)}`,
    statement_approved: (who: Part) => rich`${who} approved the holding statement`,
    update: (who: Part, detail: Part) => rich`${who} posted an update${after(detail)}`,
    burst: (_who: Part, detail: Part) => rich`Practice comments injected${after(detail)}`,
    ended: (who: Part, detail: Part) => rich`${who} ended it${after(detail)}`,
    report: () => 'Report posted',
    claimed: (who: Part, detail: Part) => rich`${who} claimed a comment${after(detail)}`,
    answered: (who: Part, detail: Part) => rich`${who} answered a comment${after(detail)}`,
    dismissed: (who: Part, detail: Part) => rich`${who} dismissed a comment${after(detail)}`,
    routed_to_team: (who: Part, detail: Part) => rich`${who} routed a comment to another team${after(detail)}`,
    routed_to_person: (who: Part, detail: Part) => rich`${who} handed a comment to someone${after(detail)}`,
    reassigned: (who: Part, detail: Part) => rich`${who} reassigned a comment${after(detail)}`,
  },
  timelineOther: (type: string, who: Part) => rich`${who}: ${type}`,
  // ---- command answers (ephemeral) ---------------------------------------------------------
  help: (cmd: string) =>
    lines([
      rich`${bold('Crisis room')} — ${code(cmd)} rehearses a social-media shitstorm (a drill, marked 🧪 DRILL) or runs a real one (🚨). It opens a room channel, pages the roster (lead, communications, legal, social media, management) by direct message, and keeps a checklist board, a holding statement to approve, status updates and a report at the end.`,
      ...CRISIS_SUBCOMMANDS.map((sub) => rich`• ${usageLine(cmd, sub, EN_SUBCOMMANDS)} — ${EN_SUBCOMMANDS[sub].what}`),
    ]),
  usage: (cmd: string, sub: string) =>
    isSubcommand(sub) ? rich`Usage: ${usageLine(cmd, sub, EN_SUBCOMMANDS)} — ${EN_SUBCOMMANDS[sub].what}.` : rich`Usage: ${code(`${cmd} <subcommand>`)}. ${code(`${cmd} help`)} lists them.`,
  unknownSubcommand: (cmd: string, sub: string) => rich`I don't know ${code(`${cmd} ${sub}`)}. Try ${code(`${cmd} help`)}.`,
  notMember: () => 'You are not on the desk yet. Ask a desk admin to add your user id on your chat platform to the desk configuration (members).',
  notConfigured: () =>
    rich`Crisis drills are not set up for this desk yet. Ask a desk admin to add a ${code('crisis:')} section to the desk configuration: the ${code('roster')} (member ids per role: lead, communications, legal, socialMedia, management), who may start drills (${code('mayDrill')}) and declare a real crisis (${code('mayDeclare')}), and at least one scenario under ${code('scenarios')}.`,
  mayNotDrill: (names: string[]) =>
    names.length ? `Only ${enList(names)} may start drills.` : rich`Nobody may start drills yet. A desk admin can add member ids under ${code('crisis.mayDrill')} in the desk configuration.`,
  mayNotDeclare: (names: string[]) =>
    names.length
      ? `Only ${enList(names)} may declare a real crisis. If it is urgent, reach one of them now.`
      : rich`Nobody may declare a real crisis yet. A desk admin can add member ids under ${code('crisis.mayDeclare')} in the desk configuration.`,
  mayNotEnd: (names: string[]) => (names.length ? `Only ${enList(names)} may end it.` : 'Nobody may end it from here. Ask a desk admin.'),
  alreadyActive: (kindLabel: string, number: number, title: string) => rich`${kindLabel} #${number} “${title}” is still running. End it first with ${code('/crisis end')}.`,
  noActive: (cmd: string) => rich`No drill or crisis is running. Start a drill with ${code(`${cmd} drill`)}.`,
  unknownScenario: (id: string, ids: string[]) =>
    ids.length ? rich`There is no scenario ${code(id)}. Available: ${codeList(ids)}.` : rich`There is no scenario ${code(id)}, and none are configured.`,
  notOnRoster: () => 'You are not on the roster of this drill or crisis, so this button is not for you. Ask the lead if you should be.',
  stepUnknown: () => 'I cannot find that checklist step. Look at the latest board in the room.',
  stepAlreadyDone: (who: Part, when: Part) => rich`${who} already ticked this step ${when}.`,
  crisisEnded: (kindLabel: string, number: number) => `${kindLabel} #${number} has already ended.`,
  updateTextMissing: (cmd: string) => rich`What should the update say? ${code(`${cmd} update <text>`)}`,
  statementAlreadyApproved: (who: Part, when: Part) => rich`${who} already approved the holding statement ${when}.`,
  reportNotFound: (n: string) => rich`There is no report #${n}. ${code('/crisis reports')} lists them.`,
  noReports: () => rich`No reports yet. A report appears when a drill or crisis ends: start a drill with ${code('/crisis drill')} to practise (${code('/crisis scenarios')} lists what you can rehearse).`,
  drillStarted: (number: number, title: string) => `🧪 Drill #${number} “${title}” started. The room is being opened and you are invited; the roster is being paged.`,
  declared: (number: number, title: string) => `🚨 Crisis #${number} “${title}” declared. The room is being opened and you are invited; the roster is being paged.`,
  updatePosted: (audiences: Part) => rich`📣 Update posted to ${audiences}.`,
  ended: (kindLabel: string, number: number) => `🏁 ${kindLabel} #${number} ended. The report follows in the room.`,
  acked: () => '✅ Acknowledged. The room can see you are on it.',
  stepDone: (title: string) => `✅ Done: ${title}`,
  statementApproved: () => '✅ Holding statement approved.',
};

export type CrisisTexts = typeof en;

const de = {
  kind: (kind: CrisisKind) => (kind === 'drill' ? 'Übung' : 'Krise'),
  mark: (kind: CrisisKind) => (kind === 'drill' ? '🧪 ÜBUNG' : '🚨 KRISE'),
  headline: (kind: CrisisKind, number: number, title: string) => `${kind === 'drill' ? '🧪 ÜBUNG' : '🚨 KRISE'} #${number} — ${title}`,
  roles: { lead: 'Leitung', communications: 'Kommunikation', legal: 'Recht', socialMedia: 'Social Media', management: 'Geschäftsführung' } satisfies Record<CrisisRole, string>,
  endReason: { command: 'beendet mit /crisis end', time_limit: 'Zeitlimit erreicht' },
  audience: { room: 'den Raum', stakeholders: 'den Stakeholder-Kanal' },
  button: { ack: 'Bestätigen', done: 'Erledigt', approve: 'Freigeben' },
  duration: durationIn(DURATION_UNITS.de),
  percent,
  list: deList,
  someone: 'jemand',
  system: 'Community Desk',
  none: '—',
  truncated: ' … (gekürzt)',
  more: (n: number) => `… und ${n} weitere`,
  drillNotice: '🧪 Das ist eine Übung. Nichts hier erreicht ein Netzwerk; die Kommentare im Eingang sind Übungskommentare mit der Markierung ÜBUNG.',
  situation: 'Lage',
  summary: 'Zusammenfassung',
  started: (when: Part, who: Part) => rich`Gestartet ${when} von ${who}`,
  timeLimit: (when: Part) => rich`endet von selbst ${when}`,
  endedLine: (when: Part, reason: string, who: Part | null) => rich`🏁 Beendet ${when}${who ? rich` von ${who}` : ''} (${reason})`,
  roster: 'Krisenteam',
  rosterProgress: (acked: number, total: number) => `${acked}/${total} bestätigt`,
  rosterHint: 'Im Krisenteam? Bestätige hier oder in deiner Direktnachricht.',
  nobodyInRole: 'niemand eingeteilt',
  checklist: 'Checkliste',
  checklistProgress: (done: number, total: number) => `${done}/${total} erledigt`,
  stepTarget: (offset: string) => `Ziel ${offset}`,
  stepApprovesStatement: 'wird durch die Freigabe der Stellungnahme abgehakt',
  stepPastTarget: '⚠️ Ziel überschritten',
  stepDoneBy: (who: Part, offset: string, verdict: string) => rich`✅ ${who} ${offset} (${verdict})`,
  onTime: 'rechtzeitig',
  late: (by: string) => `${by} zu spät`,
  compactChecklist: (undone: number) => `Lange Checkliste: ${undone === 1 ? 'Den offenen Schritt hakst' : 'Offene Schritte hakst'} du mit den nummerierten Buttons unten ab.`,
  doneButtonNumbered: (n: number, title: string) => `Erledigt: ${n}. ${title}`,
  stepsNotShown: (n: number) => rich`… ${n} weitere Schritte passen nicht in diese Nachricht; ${code('/crisis status')} zeigt die offenen.`,
  commentCounts: (received: number, claimed: number, answered: number, open: number) =>
    `💬 Kommentare: ${received} eingegangen · ${claimed} übernommen · ${answered} beantwortet · ${open} offen`,
  burstProgress: (injected: number, count: number) => `🧪 Übungskommentare eingespielt: ${injected}/${count}`,
  statementState: (state: Part) => rich`📝 Stellungnahme: ${state}`,
  statementWaiting: 'wartet auf Freigabe',
  pageIntro: (kindLabel: string, number: number, roles: string) => rich`Du bist im Krisenteam für ${bold(rich`${kindLabel} #${number}`)} eingeteilt als ${bold(roles)}.`,
  pageAsk: 'Bitte bestätige, damit die Leitung weiß, dass du dran bist.',
  room: (link: Part) => rich`Raum: ${link}`,
  roomPending: 'Der Raum wird gerade eröffnet; du wirst eingeladen.',
  acknowledged: (offset: string) => `✅ Bestätigt ${offset}`,
  pageEnded: (kindLabel: string, number: number, when: Part) => rich`🏁 ${kindLabel} #${number} wurde ${when} beendet. Hier ist nichts mehr zu tun.`,
  pageFallback: (roles: string) => `du bist eingeteilt als ${roles}. Bitte bestätige.`,
  statementTitle: '📝 Stellungnahme (Entwurf)',
  statementDrillNote: '🧪 Ein Entwurf zum Üben: Er wird nirgends veröffentlicht.',
  statementHint: 'Stimmt den Wortlaut im Raum ab und gebt ihn dann frei.',
  statementApprovedBy: (who: Part, when: Part) => rich`✅ Freigegeben von ${who} ${when}`,
  statementNotApproved: 'Vor dem Ende nicht freigegeben.',
  updateTitle: '📣 Update',
  updateBy: (who: Part, when: Part) => rich`von ${who} ${when}`,
  updateFallback: (kindLabel: string, number: number) => `📣 Update zu ${kindLabel} #${number}`,
  announcementDeclared: (who: Part, when: Part) => rich`${who} hat ${when} eine Krise ausgerufen.`,
  announcementLeads: (names: Part) => rich`Krisenleitung: ${names}`,
  announcementFollow: 'Updates folgen hier.',
  reportTitle: '📋 Auswertung',
  reportDrillNote: '🧪 Auswertung einer Übung: Die Kommentare waren Übungskommentare.',
  reportStarted: (when: Part) => rich`${bold('Gestartet:')} ${when}`,
  reportEnded: (when: Part, reason: string) => rich`${bold('Beendet:')} ${when} (${reason})`,
  reportDuration: (d: string) => rich`${bold('Dauer:')} ${d}`,
  reportFirstAck: (offset: string | null) => rich`${bold('Erste Bestätigung:')} ${offset ?? 'niemand hat bestätigt'}`,
  reportRoles: 'Bestätigungen je Rolle',
  reportRoleAck: (who: Part, offset: string) => rich`✅ ${who} ${offset}`,
  reportRoleNoAck: '❌ keine Bestätigung',
  reportSteps: 'Checkliste',
  reportStepOnTime: (offset: string, target: string, who: Part) => rich`${offset} von ${who} (Ziel ${target}, rechtzeitig)`,
  reportStepLate: (offset: string, target: string, late: string, who: Part) => rich`${offset} von ${who} (Ziel ${target}, ${late} zu spät)`,
  reportStepNotDone: (target: string) => `nicht erledigt (Ziel ${target})`,
  reportStatementApproved: (offset: string, who: Part) => rich`📝 ${bold('Stellungnahme:')} freigegeben ${offset} von ${who}`,
  reportStatementNotApproved: rich`📝 ${bold('Stellungnahme:')} nicht freigegeben`,
  reportComments: 'Kommentare',
  reportCommentCounts: (received: number, claimed: number, answered: number, open: number) =>
    `${received} eingegangen · ${claimed} übernommen · ${answered} beantwortet · ${open} offen`,
  reportCommentTimes: (median: string, p90: string, answer: string, within: string) =>
    `Erstreaktion: Median ${median}, 90 % innerhalb ${p90} · beantwortet: Median ${answer} · ${within} der Erstreaktionen im Ziel`,
  reportUpdates: (n: number) => `📣 ${n === 1 ? 'Ein Update' : `${n} Updates`} gepostet`,
  reportMissed: 'Was gefehlt hat',
  reportNothingMissed: 'Nichts verpasst 🎉',
  missed: {
    roleUnacknowledged: (role: string) => `Niemand hat als ${role} bestätigt`,
    stepNotDone: (title: string) => `Nicht erledigt: ${title}`,
    stepLate: (title: string, late: string) => `${late} zu spät: ${title}`,
    statementNotApproved: 'Die Stellungnahme wurde nicht freigegeben',
    commentsUnanswered: (n: number) => (n === 1 ? 'Ein Kommentar war am Ende noch offen' : `${n} Kommentare waren am Ende noch offen`),
    commentsLate: (n: number) => (n === 1 ? 'Ein Kommentar bekam seine Erstreaktion nach dem Ziel' : `${n} Kommentare bekamen ihre Erstreaktion nach dem Ziel`),
  },
  reportsTitle: rich`${bold('Auswertungen')} (neueste zuerst)`,
  reportsHint: (cmd: string) => rich`${code(`${cmd} report <nummer>`)} zeigt eine davon.`,
  reportListLine: (p: { kind: string; number: number; title: string; when: Part; duration: string; firstAck: RichText | null; stepsOnTime: number; steps: number; answered: number; received: number }) =>
    rich`• ${bold(rich`${p.kind} #${p.number}`)} — ${p.title} · ${p.when} · ${p.duration} · erste Bestätigung ${p.firstAck ?? '—'} · Schritte rechtzeitig ${p.stepsOnTime}/${p.steps} · Kommentare beantwortet ${p.answered}/${p.received}`,
  scenariosTitle: rich`${bold('Szenarien')}`,
  scenarioLine: (p: { id: string; title: string; steps: number; timeLimit: string; burst: string | null; isDeclare: boolean }) =>
    rich`• ${code(p.id)} — ${bold(p.title)} · ${p.steps === 1 ? 'ein Schritt' : `${p.steps} Schritte`} · Zeitlimit ${p.timeLimit}${p.burst ? ` · ${p.burst}` : ''}${p.isDeclare ? rich` · ${italic(rich`gilt für ${code('/crisis declare')}`)}` : ''}`,
  scenarioBurst: (count: number, over: string) => `${count} Übungskommentare in ${over}`,
  scenarioNoBurst: 'keine Übungskommentare',
  scenariosHint: (cmd: string) => rich`Starte eines mit ${code(`${cmd} drill <szenario>`)}.`,
  noScenarios: rich`Es sind keine Szenarien konfiguriert. Ein Desk-Admin kann sie unter ${code('crisis.scenarios')} in der Desk-Konfiguration ergänzen.`,
  statusRoster: (acked: number, total: number, waiting: RichText) => rich`${bold('Krisenteam:')} ${acked}/${total} bestätigt${waiting ? rich` — es fehlen ${waiting}` : ''}`,
  statusChecklist: (done: number, total: number) => rich`${bold('Checkliste:')} ${done}/${total} erledigt`,
  statusNextSteps: 'Offene Schritte:',
  statusTimeline: rich`${bold('Zuletzt')}`,
  timeline: {
    drill_started: (who: Part) => rich`${who} hat die Übung gestartet`,
    crisis_declared: (who: Part) => rich`${who} hat die Krise ausgerufen`,
    acknowledged: (who: Part) => rich`${who} hat bestätigt`,
    step_done: (who: Part, detail: Part) => rich`${who} hat abgehakt:${after(detail)}`,
    statement_approved: (who: Part) => rich`${who} hat die Stellungnahme freigegeben`,
    update: (who: Part, detail: Part) => rich`${who} hat ein Update gepostet${after(detail)}`,
    burst: (_who: Part, detail: Part) => rich`Übungskommentare eingespielt${after(detail)}`,
    ended: (who: Part, detail: Part) => rich`${who} hat beendet${after(detail)}`,
    report: () => 'Auswertung gepostet',
    claimed: (who: Part, detail: Part) => rich`${who} hat einen Kommentar übernommen${after(detail)}`,
    answered: (who: Part, detail: Part) => rich`${who} hat einen Kommentar beantwortet${after(detail)}`,
    dismissed: (who: Part, detail: Part) => rich`${who} hat einen Kommentar verworfen${after(detail)}`,
    routed_to_team: (who: Part, detail: Part) => rich`${who} hat einen Kommentar an ein anderes Team weitergeleitet${after(detail)}`,
    routed_to_person: (who: Part, detail: Part) => rich`${who} hat einen Kommentar jemandem zugewiesen${after(detail)}`,
    reassigned: (who: Part, detail: Part) => rich`${who} hat einen Kommentar neu zugewiesen${after(detail)}`,
  },
  timelineOther: (type: string, who: Part) => rich`${who}: ${type}`,
  help: (cmd: string) =>
    lines([
      rich`${bold('Krisenraum')} — ${code(cmd)} probt einen Shitstorm in den sozialen Medien (eine Übung, markiert mit 🧪 ÜBUNG) oder begleitet einen echten (🚨). Es eröffnet einen Raum-Kanal, benachrichtigt das Krisenteam (Leitung, Kommunikation, Recht, Social Media, Geschäftsführung) per Direktnachricht und führt eine Checkliste, eine Stellungnahme zur Freigabe, Updates und am Ende eine Auswertung.`,
      ...CRISIS_SUBCOMMANDS.map((sub) => rich`• ${usageLine(cmd, sub, DE_SUBCOMMANDS)} — ${DE_SUBCOMMANDS[sub].what}`),
    ]),
  usage: (cmd: string, sub: string) =>
    isSubcommand(sub) ? rich`So geht's: ${usageLine(cmd, sub, DE_SUBCOMMANDS)} — ${DE_SUBCOMMANDS[sub].what}.` : rich`So geht's: ${code(`${cmd} <befehl>`)}. ${code(`${cmd} help`)} zeigt alle.`,
  unknownSubcommand: (cmd: string, sub: string) => rich`${code(`${cmd} ${sub}`)} kenne ich nicht. Probier ${code(`${cmd} help`)}.`,
  notMember: () => 'Du bist noch nicht im Desk eingetragen. Bitte einen Desk-Admin, deine User-ID auf deiner Chat-Plattform in der Desk-Konfiguration (members) zu ergänzen.',
  notConfigured: () =>
    rich`Krisenübungen sind für diesen Desk noch nicht eingerichtet. Bitte einen Desk-Admin, in der Desk-Konfiguration einen Abschnitt ${code('crisis:')} zu ergänzen: das Krisenteam unter ${code('roster')} (Member-IDs je Rolle: lead, communications, legal, socialMedia, management), wer Übungen starten (${code('mayDrill')}) und eine echte Krise ausrufen darf (${code('mayDeclare')}), und mindestens ein Szenario unter ${code('scenarios')}.`,
  mayNotDrill: (names: string[]) =>
    names.length ? `Übungen starten dürfen nur ${deList(names)}.` : rich`Noch darf niemand Übungen starten. Ein Desk-Admin kann Member-IDs unter ${code('crisis.mayDrill')} in der Desk-Konfiguration ergänzen.`,
  mayNotDeclare: (names: string[]) =>
    names.length
      ? `Eine echte Krise ausrufen dürfen nur ${deList(names)}. Wenn es dringend ist, erreiche jetzt eine dieser Personen.`
      : rich`Noch darf niemand eine echte Krise ausrufen. Ein Desk-Admin kann Member-IDs unter ${code('crisis.mayDeclare')} in der Desk-Konfiguration ergänzen.`,
  mayNotEnd: (names: string[]) => (names.length ? `Beenden dürfen das nur ${deList(names)}.` : 'Von hier aus darf das niemand beenden. Frag einen Desk-Admin.'),
  alreadyActive: (kindLabel: string, number: number, title: string) => rich`${kindLabel} #${number} „${title}“ läuft noch. Beende sie zuerst mit ${code('/crisis end')}.`,
  noActive: (cmd: string) => rich`Gerade läuft keine Übung und keine Krise. Starte eine Übung mit ${code(`${cmd} drill`)}.`,
  unknownScenario: (id: string, ids: string[]) =>
    ids.length ? rich`Ein Szenario ${code(id)} gibt es nicht. Verfügbar: ${codeList(ids)}.` : rich`Ein Szenario ${code(id)} gibt es nicht, und es sind keine konfiguriert.`,
  notOnRoster: () => 'Du bist nicht im Krisenteam dieser Übung oder Krise, dieser Button ist nicht für dich. Frag die Leitung, ob du dazugehören solltest.',
  stepUnknown: () => 'Diesen Schritt der Checkliste finde ich nicht. Schau auf die aktuelle Übersicht im Raum.',
  stepAlreadyDone: (who: Part, when: Part) => rich`${who} hat diesen Schritt schon ${when} abgehakt.`,
  crisisEnded: (kindLabel: string, number: number) => `${kindLabel} #${number} ist bereits beendet.`,
  updateTextMissing: (cmd: string) => rich`Was soll im Update stehen? ${code(`${cmd} update <text>`)}`,
  statementAlreadyApproved: (who: Part, when: Part) => rich`${who} hat die Stellungnahme schon ${when} freigegeben.`,
  reportNotFound: (n: string) => rich`Eine Auswertung #${n} gibt es nicht. ${code('/crisis reports')} zeigt alle.`,
  noReports: () => rich`Noch keine Auswertungen. Eine Auswertung entsteht, wenn eine Übung oder Krise endet: Starte zum Üben eine mit ${code('/crisis drill')} (${code('/crisis scenarios')} zeigt, was du üben kannst).`,
  drillStarted: (number: number, title: string) => `🧪 Übung #${number} „${title}“ gestartet. Der Raum wird eröffnet und du bist eingeladen; das Krisenteam wird benachrichtigt.`,
  declared: (number: number, title: string) => `🚨 Krise #${number} „${title}“ ausgerufen. Der Raum wird eröffnet und du bist eingeladen; das Krisenteam wird benachrichtigt.`,
  updatePosted: (audiences: Part) => rich`📣 Update gepostet in ${audiences}.`,
  ended: (kindLabel: string, number: number) => `🏁 ${kindLabel} #${number} beendet. Die Auswertung folgt im Raum.`,
  acked: () => '✅ Bestätigt. Im Raum sieht man, dass du dran bist.',
  stepDone: (title: string) => `✅ Erledigt: ${title}`,
  statementApproved: () => '✅ Stellungnahme freigegeben.',
} satisfies CrisisTexts;

export function crisisTexts(locale: Locale): CrisisTexts {
  return locale === 'de' ? de : en;
}
