import type { CrisisKind, CrisisRole } from './crisis.ts';
import type { Locale } from './directory.ts';

/**
 * Every text of `/crisis` (drills and real crises), in German and English: the room's board, pages,
 * the holding statement, updates, the report, and the command's ephemeral answers. Pure: no SDK.
 * The team talks to itself in "du", like i18n.ts.
 *
 * The texts are Slack mrkdwn: placeholders such as `&lt;text&gt;` are written escaped, because Slack
 * reads a raw `<…>` as a link or mention. Arguments are inserted as given: the caller passes
 * mrkdwn-escaped values for anything a person or the configuration wrote (titles, names, summaries),
 * and Slack `<!date^…>` tokens for times.
 */

/** The subcommands of `/crisis`, in the order help lists them. */
export const CRISIS_SUBCOMMANDS = ['drill', 'declare', 'status', 'update', 'end', 'scenarios', 'reports', 'report', 'help'] as const;
export type CrisisSubcommand = (typeof CRISIS_SUBCOMMANDS)[number];

function isSubcommand(sub: string): sub is CrisisSubcommand {
  return (CRISIS_SUBCOMMANDS as readonly string[]).includes(sub);
}

interface DurationUnits {
  h: string;
  min: string;
  s: string;
}

/** "45 s", "4 min", "1 h", "1 h 5 min" (German: "45 Sek.", "4 Min.", "1 Std. 5 Min."). Stopwatch style: whole units, rounded down; the sign is ignored. */
function durationIn(units: DurationUnits): (ms: number) => string {
  return (ms: number) => {
    if (!Number.isFinite(ms)) return '—';
    const seconds = Math.floor(Math.abs(ms) / 1000);
    if (seconds < 60) return `${seconds} ${units.s}`;
    const minutes = Math.floor(seconds / 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return h && m ? `${h} ${units.h} ${m} ${units.min}` : h ? `${h} ${units.h}` : `${m} ${units.min}`;
  };
}

/** "a", "a and b", "a, b and c". */
function listWith(and: string): (items: string[]) => string {
  return (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`);
}

const enList = listWith('and');
const deList = listWith('und');
const codeList = (ids: string[]) => ids.map((id) => `\`${id}\``).join(', ');

/** A 0–1 share as a whole percentage, written like i18n.ts in both languages: "83 %". */
const percent = (share: number) => `${Math.round(share * 100)} %`;

const EN_SUBCOMMANDS: Record<CrisisSubcommand, { args: string; what: string }> = {
  drill: { args: '[scenario]', what: 'start a drill; name a scenario from `scenarios` or leave it out for the default one' },
  declare: { args: '[summary]', what: 'declare a real crisis, with a short summary of what is happening' },
  status: { args: '', what: 'the running drill or crisis: roster, checklist, comments, latest events' },
  update: { args: '&lt;text&gt;', what: 'post a status update to the room (real crises: also to the stakeholder channel)' },
  end: { args: '', what: 'end the running drill or crisis; the report follows in the room' },
  scenarios: { args: '', what: 'the scenarios you can rehearse' },
  reports: { args: '', what: 'reports of past drills and crises, newest first' },
  report: { args: '&lt;number&gt;', what: 'one report, e.g. `report 3`' },
  help: { args: '', what: 'this text' },
};

const DE_SUBCOMMANDS: Record<CrisisSubcommand, { args: string; what: string }> = {
  drill: { args: '[szenario]', what: 'startet eine Übung; nenn ein Szenario aus `scenarios` oder lass es weg für das Standardszenario' },
  declare: { args: '[zusammenfassung]', what: 'ruft eine echte Krise aus, mit einer kurzen Zusammenfassung, was los ist' },
  status: { args: '', what: 'die laufende Übung oder Krise: Krisenteam, Checkliste, Kommentare, letzte Ereignisse' },
  update: { args: '&lt;text&gt;', what: 'postet ein Update in den Raum (echte Krisen: auch in den Stakeholder-Kanal)' },
  end: { args: '', what: 'beendet die laufende Übung oder Krise; die Auswertung folgt im Raum' },
  scenarios: { args: '', what: 'die Szenarien, die du üben kannst' },
  reports: { args: '', what: 'Auswertungen vergangener Übungen und Krisen, neueste zuerst' },
  report: { args: '&lt;nummer&gt;', what: 'eine Auswertung, z. B. `report 3`' },
  help: { args: '', what: 'dieser Text' },
};

const usageLine = (cmd: string, sub: CrisisSubcommand, spec: Record<CrisisSubcommand, { args: string }>) =>
  `\`${cmd} ${sub}${spec[sub].args ? ` ${spec[sub].args}` : ''}\``;

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
  duration: durationIn({ h: 'h', min: 'min', s: 's' }),
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
  started: (when: string, who: string) => `Started ${when} by ${who}`,
  timeLimit: (when: string) => `ends by itself ${when}`,
  endedLine: (when: string, reason: string, who: string | null) => `🏁 Ended ${when}${who ? ` by ${who}` : ''} (${reason})`,
  roster: 'Roster',
  rosterProgress: (acked: number, total: number) => `${acked}/${total} acknowledged`,
  rosterHint: 'On the roster? Acknowledge here or in your direct message.',
  nobodyInRole: 'nobody assigned',
  checklist: 'Checklist',
  checklistProgress: (done: number, total: number) => `${done}/${total} done`,
  stepTarget: (offset: string) => `target ${offset}`,
  stepApprovesStatement: 'ticked by approving the holding statement',
  stepPastTarget: '⚠️ past its target',
  stepDoneBy: (who: string, offset: string, verdict: string) => `✅ ${who} ${offset} (${verdict})`,
  onTime: 'on time',
  late: (by: string) => `${by} late`,
  compactChecklist: (undone: number) => `Long checklist: ${undone === 1 ? 'the open step is' : 'open steps are'} ticked with the numbered buttons below.`,
  doneButtonNumbered: (n: number, title: string) => `Done: ${n}. ${title}`,
  stepsNotShown: (n: number) => `… ${n} more steps do not fit into this message; \`/crisis status\` lists the open ones.`,
  commentCounts: (received: number, claimed: number, answered: number, open: number) =>
    `💬 Comments: ${received} received · ${claimed} claimed · ${answered} answered · ${open} open`,
  burstProgress: (injected: number, count: number) => `🧪 Practice comments injected: ${injected}/${count}`,
  statementState: (state: string) => `📝 Holding statement: ${state}`,
  statementWaiting: 'waiting for approval',
  // ---- page -------------------------------------------------------------------------------
  pageIntro: (kindLabel: string, number: number, roles: string) => `You are on the crisis roster for *${kindLabel} #${number}* as *${roles}*.`,
  pageAsk: 'Please acknowledge, so the lead knows you are on it.',
  room: (link: string) => `Room: ${link}`,
  roomPending: 'The room is being opened; you will be invited.',
  acknowledged: (offset: string) => `✅ Acknowledged ${offset}`,
  pageEnded: (kindLabel: string, number: number, when: string) => `🏁 ${kindLabel} #${number} ended ${when}. Nothing more to do here.`,
  pageFallback: (roles: string) => `you are paged as ${roles}. Please acknowledge.`,
  // ---- holding statement ------------------------------------------------------------------
  statementTitle: '📝 Holding statement (draft)',
  statementDrillNote: '🧪 A draft for practice: it is not posted anywhere.',
  statementHint: 'Agree on the wording in the room, then approve it.',
  statementApprovedBy: (who: string, when: string) => `✅ Approved by ${who} ${when}`,
  statementNotApproved: 'Not approved before the end.',
  // ---- update -----------------------------------------------------------------------------
  updateTitle: '📣 Update',
  updateBy: (who: string, when: string) => `by ${who} ${when}`,
  updateFallback: (kindLabel: string, number: number) => `📣 Update on ${kindLabel} #${number}`,
  // ---- announcement -----------------------------------------------------------------------
  announcementDeclared: (who: string, when: string) => `${who} declared a crisis ${when}.`,
  announcementLeads: (names: string) => `Crisis lead: ${names}`,
  announcementFollow: 'Status updates follow here.',
  // ---- report -----------------------------------------------------------------------------
  reportTitle: '📋 Report',
  reportDrillNote: '🧪 Drill report: the comments were practice comments.',
  reportStarted: (when: string) => `*Started:* ${when}`,
  reportEnded: (when: string, reason: string) => `*Ended:* ${when} (${reason})`,
  reportDuration: (d: string) => `*Duration:* ${d}`,
  reportFirstAck: (offset: string | null) => `*First acknowledgement:* ${offset ?? 'nobody acknowledged'}`,
  reportRoles: 'Acknowledgements per role',
  reportRoleAck: (who: string, offset: string) => `✅ ${who} ${offset}`,
  reportRoleNoAck: '❌ no acknowledgement',
  reportSteps: 'Checklist',
  reportStepOnTime: (offset: string, target: string, who: string) => `${offset} by ${who} (target ${target}, on time)`,
  reportStepLate: (offset: string, target: string, late: string, who: string) => `${offset} by ${who} (target ${target}, late by ${late})`,
  reportStepNotDone: (target: string) => `not done (target ${target})`,
  reportStatementApproved: (offset: string, who: string) => `📝 *Holding statement:* approved ${offset} by ${who}`,
  reportStatementNotApproved: '📝 *Holding statement:* not approved',
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
  reportsTitle: '*Reports* (newest first)',
  reportsHint: (cmd: string) => `\`${cmd} report &lt;number&gt;\` shows one.`,
  reportListLine: (p: { kind: string; number: number; title: string; when: string; duration: string; firstAck: string | null; stepsOnTime: number; steps: number; answered: number; received: number }) =>
    `• *${p.kind} #${p.number}* — ${p.title} · ${p.when} · ${p.duration} · first acknowledgement ${p.firstAck ?? '—'} · steps on time ${p.stepsOnTime}/${p.steps} · comments answered ${p.answered}/${p.received}`,
  scenariosTitle: '*Scenarios*',
  scenarioLine: (p: { id: string; title: string; steps: number; timeLimit: string; burst: string | null; isDeclare: boolean }) =>
    `• \`${p.id}\` — *${p.title}* · ${p.steps === 1 ? 'one step' : `${p.steps} steps`} · time limit ${p.timeLimit}${p.burst ? ` · ${p.burst}` : ''}${p.isDeclare ? ' · _used by `/crisis declare`_' : ''}`,
  scenarioBurst: (count: number, over: string) => `${count} practice comments over ${over}`,
  scenarioNoBurst: 'no practice comments',
  scenariosHint: (cmd: string) => `Start one with \`${cmd} drill &lt;scenario&gt;\`.`,
  noScenarios: 'No scenarios are configured. A desk admin can add them under `crisis.scenarios` in the desk configuration.',
  // ---- status -----------------------------------------------------------------------------
  statusRoster: (acked: number, total: number, waiting: string) => `*Roster:* ${acked}/${total} acknowledged${waiting ? ` — waiting for ${waiting}` : ''}`,
  statusChecklist: (done: number, total: number) => `*Checklist:* ${done}/${total} done`,
  statusNextSteps: 'Open steps:',
  statusTimeline: '*Latest*',
  /** Timeline lines by event type (the crisis store's event types, and those of the crisis' comments). */
  timeline: {
    drill_started: (who: string) => `${who} started the drill`,
    crisis_declared: (who: string) => `${who} declared the crisis`,
    acknowledged: (who: string) => `${who} acknowledged`,
    step_done: (who: string, detail: string) => `${who} ticked ${detail}`.trim(),
    statement_approved: (who: string) => `${who} approved the holding statement`,
    update: (who: string, detail: string) => `${who} posted an update ${detail}`.trim(),
    burst: (_who: string, detail: string) => `Practice comments injected ${detail}`.trim(),
    ended: (who: string, detail: string) => `${who} ended it ${detail}`.trim(),
    report: () => 'Report posted',
    claimed: (who: string, detail: string) => `${who} claimed a comment ${detail}`.trim(),
    answered: (who: string, detail: string) => `${who} answered a comment ${detail}`.trim(),
    dismissed: (who: string, detail: string) => `${who} dismissed a comment ${detail}`.trim(),
    routed_to_team: (who: string, detail: string) => `${who} routed a comment to another team ${detail}`.trim(),
    routed_to_person: (who: string, detail: string) => `${who} handed a comment to someone ${detail}`.trim(),
    reassigned: (who: string, detail: string) => `${who} reassigned a comment ${detail}`.trim(),
  },
  timelineOther: (type: string, who: string) => `${who}: ${type}`,
  // ---- command answers (ephemeral) ---------------------------------------------------------
  help: (cmd: string) =>
    [
      `*Crisis room* — \`${cmd}\` rehearses a social-media shitstorm (a drill, marked 🧪 DRILL) or runs a real one (🚨). It opens a room channel, pages the roster (lead, communications, legal, social media, management) by direct message, and keeps a checklist board, a holding statement to approve, status updates and a report at the end.`,
      ...CRISIS_SUBCOMMANDS.map((sub) => `• ${usageLine(cmd, sub, EN_SUBCOMMANDS)} — ${EN_SUBCOMMANDS[sub].what}`),
    ].join('\n'),
  usage: (cmd: string, sub: string) =>
    isSubcommand(sub) ? `Usage: ${usageLine(cmd, sub, EN_SUBCOMMANDS)} — ${EN_SUBCOMMANDS[sub].what}.` : `Usage: \`${cmd} &lt;subcommand&gt;\`. \`${cmd} help\` lists them.`,
  unknownSubcommand: (cmd: string, sub: string) => `I don't know \`${cmd} ${sub}\`. Try \`${cmd} help\`.`,
  notMember: () => 'You are not on the desk yet. Ask a desk admin to add your Slack user id to the desk configuration (members).',
  notConfigured: () =>
    'Crisis drills are not set up for this desk yet. Ask a desk admin to add a `crisis:` section to the desk configuration: the `roster` (member ids per role: lead, communications, legal, socialMedia, management), who may start drills (`mayDrill`) and declare a real crisis (`mayDeclare`), and at least one scenario under `scenarios`.',
  mayNotDrill: (names: string[]) =>
    names.length ? `Only ${enList(names)} may start drills.` : 'Nobody may start drills yet. A desk admin can add member ids under `crisis.mayDrill` in the desk configuration.',
  mayNotDeclare: (names: string[]) =>
    names.length
      ? `Only ${enList(names)} may declare a real crisis. If it is urgent, reach one of them now.`
      : 'Nobody may declare a real crisis yet. A desk admin can add member ids under `crisis.mayDeclare` in the desk configuration.',
  mayNotEnd: (names: string[]) => (names.length ? `Only ${enList(names)} may end it.` : 'Nobody may end it from here. Ask a desk admin.'),
  alreadyActive: (kindLabel: string, number: number, title: string) => `${kindLabel} #${number} “${title}” is still running. End it first with \`/crisis end\`.`,
  noActive: (cmd: string) => `No drill or crisis is running. Start a drill with \`${cmd} drill\`.`,
  unknownScenario: (id: string, ids: string[]) =>
    ids.length ? `There is no scenario \`${id}\`. Available: ${codeList(ids)}.` : `There is no scenario \`${id}\`, and none are configured.`,
  notOnRoster: () => 'You are not on the roster of this drill or crisis, so this button is not for you. Ask the lead if you should be.',
  stepUnknown: () => 'I cannot find that checklist step. Look at the latest board in the room.',
  stepAlreadyDone: (who: string, when: string) => `${who} already ticked this step ${when}.`,
  crisisEnded: (kindLabel: string, number: number) => `${kindLabel} #${number} has already ended.`,
  updateTextMissing: (cmd: string) => `What should the update say? \`${cmd} update &lt;text&gt;\``,
  statementAlreadyApproved: (who: string, when: string) => `${who} already approved the holding statement ${when}.`,
  reportNotFound: (n: string) => `There is no report #${n}. \`/crisis reports\` lists them.`,
  noReports: () => 'No reports yet. A report appears when a drill or crisis ends: start a drill with `/crisis drill` to practise (`/crisis scenarios` lists what you can rehearse).',
  drillStarted: (number: number, title: string) => `🧪 Drill #${number} “${title}” started. The room is being opened and you are invited; the roster is being paged.`,
  declared: (number: number, title: string) => `🚨 Crisis #${number} “${title}” declared. The room is being opened and you are invited; the roster is being paged.`,
  updatePosted: (audiences: string) => `📣 Update posted to ${audiences}.`,
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
  duration: durationIn({ h: 'Std.', min: 'Min.', s: 'Sek.' }),
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
  started: (when: string, who: string) => `Gestartet ${when} von ${who}`,
  timeLimit: (when: string) => `endet von selbst ${when}`,
  endedLine: (when: string, reason: string, who: string | null) => `🏁 Beendet ${when}${who ? ` von ${who}` : ''} (${reason})`,
  roster: 'Krisenteam',
  rosterProgress: (acked: number, total: number) => `${acked}/${total} bestätigt`,
  rosterHint: 'Im Krisenteam? Bestätige hier oder in deiner Direktnachricht.',
  nobodyInRole: 'niemand eingeteilt',
  checklist: 'Checkliste',
  checklistProgress: (done: number, total: number) => `${done}/${total} erledigt`,
  stepTarget: (offset: string) => `Ziel ${offset}`,
  stepApprovesStatement: 'wird durch die Freigabe der Stellungnahme abgehakt',
  stepPastTarget: '⚠️ Ziel überschritten',
  stepDoneBy: (who: string, offset: string, verdict: string) => `✅ ${who} ${offset} (${verdict})`,
  onTime: 'rechtzeitig',
  late: (by: string) => `${by} zu spät`,
  compactChecklist: (undone: number) => `Lange Checkliste: ${undone === 1 ? 'Den offenen Schritt hakst' : 'Offene Schritte hakst'} du mit den nummerierten Buttons unten ab.`,
  doneButtonNumbered: (n: number, title: string) => `Erledigt: ${n}. ${title}`,
  stepsNotShown: (n: number) => `… ${n} weitere Schritte passen nicht in diese Nachricht; \`/crisis status\` zeigt die offenen.`,
  commentCounts: (received: number, claimed: number, answered: number, open: number) =>
    `💬 Kommentare: ${received} eingegangen · ${claimed} übernommen · ${answered} beantwortet · ${open} offen`,
  burstProgress: (injected: number, count: number) => `🧪 Übungskommentare eingespielt: ${injected}/${count}`,
  statementState: (state: string) => `📝 Stellungnahme: ${state}`,
  statementWaiting: 'wartet auf Freigabe',
  pageIntro: (kindLabel: string, number: number, roles: string) => `Du bist im Krisenteam für *${kindLabel} #${number}* eingeteilt als *${roles}*.`,
  pageAsk: 'Bitte bestätige, damit die Leitung weiß, dass du dran bist.',
  room: (link: string) => `Raum: ${link}`,
  roomPending: 'Der Raum wird gerade eröffnet; du wirst eingeladen.',
  acknowledged: (offset: string) => `✅ Bestätigt ${offset}`,
  pageEnded: (kindLabel: string, number: number, when: string) => `🏁 ${kindLabel} #${number} wurde ${when} beendet. Hier ist nichts mehr zu tun.`,
  pageFallback: (roles: string) => `du bist eingeteilt als ${roles}. Bitte bestätige.`,
  statementTitle: '📝 Stellungnahme (Entwurf)',
  statementDrillNote: '🧪 Ein Entwurf zum Üben: Er wird nirgends veröffentlicht.',
  statementHint: 'Stimmt den Wortlaut im Raum ab und gebt ihn dann frei.',
  statementApprovedBy: (who: string, when: string) => `✅ Freigegeben von ${who} ${when}`,
  statementNotApproved: 'Vor dem Ende nicht freigegeben.',
  updateTitle: '📣 Update',
  updateBy: (who: string, when: string) => `von ${who} ${when}`,
  updateFallback: (kindLabel: string, number: number) => `📣 Update zu ${kindLabel} #${number}`,
  announcementDeclared: (who: string, when: string) => `${who} hat ${when} eine Krise ausgerufen.`,
  announcementLeads: (names: string) => `Krisenleitung: ${names}`,
  announcementFollow: 'Updates folgen hier.',
  reportTitle: '📋 Auswertung',
  reportDrillNote: '🧪 Auswertung einer Übung: Die Kommentare waren Übungskommentare.',
  reportStarted: (when: string) => `*Gestartet:* ${when}`,
  reportEnded: (when: string, reason: string) => `*Beendet:* ${when} (${reason})`,
  reportDuration: (d: string) => `*Dauer:* ${d}`,
  reportFirstAck: (offset: string | null) => `*Erste Bestätigung:* ${offset ?? 'niemand hat bestätigt'}`,
  reportRoles: 'Bestätigungen je Rolle',
  reportRoleAck: (who: string, offset: string) => `✅ ${who} ${offset}`,
  reportRoleNoAck: '❌ keine Bestätigung',
  reportSteps: 'Checkliste',
  reportStepOnTime: (offset: string, target: string, who: string) => `${offset} von ${who} (Ziel ${target}, rechtzeitig)`,
  reportStepLate: (offset: string, target: string, late: string, who: string) => `${offset} von ${who} (Ziel ${target}, ${late} zu spät)`,
  reportStepNotDone: (target: string) => `nicht erledigt (Ziel ${target})`,
  reportStatementApproved: (offset: string, who: string) => `📝 *Stellungnahme:* freigegeben ${offset} von ${who}`,
  reportStatementNotApproved: '📝 *Stellungnahme:* nicht freigegeben',
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
  reportsTitle: '*Auswertungen* (neueste zuerst)',
  reportsHint: (cmd: string) => `\`${cmd} report &lt;nummer&gt;\` zeigt eine davon.`,
  reportListLine: (p: { kind: string; number: number; title: string; when: string; duration: string; firstAck: string | null; stepsOnTime: number; steps: number; answered: number; received: number }) =>
    `• *${p.kind} #${p.number}* — ${p.title} · ${p.when} · ${p.duration} · erste Bestätigung ${p.firstAck ?? '—'} · Schritte rechtzeitig ${p.stepsOnTime}/${p.steps} · Kommentare beantwortet ${p.answered}/${p.received}`,
  scenariosTitle: '*Szenarien*',
  scenarioLine: (p: { id: string; title: string; steps: number; timeLimit: string; burst: string | null; isDeclare: boolean }) =>
    `• \`${p.id}\` — *${p.title}* · ${p.steps === 1 ? 'ein Schritt' : `${p.steps} Schritte`} · Zeitlimit ${p.timeLimit}${p.burst ? ` · ${p.burst}` : ''}${p.isDeclare ? ' · _gilt für `/crisis declare`_' : ''}`,
  scenarioBurst: (count: number, over: string) => `${count} Übungskommentare in ${over}`,
  scenarioNoBurst: 'keine Übungskommentare',
  scenariosHint: (cmd: string) => `Starte eines mit \`${cmd} drill &lt;szenario&gt;\`.`,
  noScenarios: 'Es sind keine Szenarien konfiguriert. Ein Desk-Admin kann sie unter `crisis.scenarios` in der Desk-Konfiguration ergänzen.',
  statusRoster: (acked: number, total: number, waiting: string) => `*Krisenteam:* ${acked}/${total} bestätigt${waiting ? ` — es fehlen ${waiting}` : ''}`,
  statusChecklist: (done: number, total: number) => `*Checkliste:* ${done}/${total} erledigt`,
  statusNextSteps: 'Offene Schritte:',
  statusTimeline: '*Zuletzt*',
  timeline: {
    drill_started: (who: string) => `${who} hat die Übung gestartet`,
    crisis_declared: (who: string) => `${who} hat die Krise ausgerufen`,
    acknowledged: (who: string) => `${who} hat bestätigt`,
    step_done: (who: string, detail: string) => `${who} hat abgehakt: ${detail}`.trim(),
    statement_approved: (who: string) => `${who} hat die Stellungnahme freigegeben`,
    update: (who: string, detail: string) => `${who} hat ein Update gepostet ${detail}`.trim(),
    burst: (_who: string, detail: string) => `Übungskommentare eingespielt ${detail}`.trim(),
    ended: (who: string, detail: string) => `${who} hat beendet ${detail}`.trim(),
    report: () => 'Auswertung gepostet',
    claimed: (who: string, detail: string) => `${who} hat einen Kommentar übernommen ${detail}`.trim(),
    answered: (who: string, detail: string) => `${who} hat einen Kommentar beantwortet ${detail}`.trim(),
    dismissed: (who: string, detail: string) => `${who} hat einen Kommentar verworfen ${detail}`.trim(),
    routed_to_team: (who: string, detail: string) => `${who} hat einen Kommentar an ein anderes Team weitergeleitet ${detail}`.trim(),
    routed_to_person: (who: string, detail: string) => `${who} hat einen Kommentar jemandem zugewiesen ${detail}`.trim(),
    reassigned: (who: string, detail: string) => `${who} hat einen Kommentar neu zugewiesen ${detail}`.trim(),
  },
  timelineOther: (type: string, who: string) => `${who}: ${type}`,
  help: (cmd: string) =>
    [
      `*Krisenraum* — \`${cmd}\` probt einen Shitstorm in den sozialen Medien (eine Übung, markiert mit 🧪 ÜBUNG) oder begleitet einen echten (🚨). Es eröffnet einen Raum-Kanal, benachrichtigt das Krisenteam (Leitung, Kommunikation, Recht, Social Media, Geschäftsführung) per Direktnachricht und führt eine Checkliste, eine Stellungnahme zur Freigabe, Updates und am Ende eine Auswertung.`,
      ...CRISIS_SUBCOMMANDS.map((sub) => `• ${usageLine(cmd, sub, DE_SUBCOMMANDS)} — ${DE_SUBCOMMANDS[sub].what}`),
    ].join('\n'),
  usage: (cmd: string, sub: string) =>
    isSubcommand(sub) ? `So geht's: ${usageLine(cmd, sub, DE_SUBCOMMANDS)} — ${DE_SUBCOMMANDS[sub].what}.` : `So geht's: \`${cmd} &lt;befehl&gt;\`. \`${cmd} help\` zeigt alle.`,
  unknownSubcommand: (cmd: string, sub: string) => `\`${cmd} ${sub}\` kenne ich nicht. Probier \`${cmd} help\`.`,
  notMember: () => 'Du bist noch nicht im Desk eingetragen. Bitte einen Desk-Admin, deine Slack-User-ID in der Desk-Konfiguration (members) zu ergänzen.',
  notConfigured: () =>
    'Krisenübungen sind für diesen Desk noch nicht eingerichtet. Bitte einen Desk-Admin, in der Desk-Konfiguration einen Abschnitt `crisis:` zu ergänzen: das Krisenteam unter `roster` (Member-IDs je Rolle: lead, communications, legal, socialMedia, management), wer Übungen starten (`mayDrill`) und eine echte Krise ausrufen darf (`mayDeclare`), und mindestens ein Szenario unter `scenarios`.',
  mayNotDrill: (names: string[]) =>
    names.length ? `Übungen starten dürfen nur ${deList(names)}.` : 'Noch darf niemand Übungen starten. Ein Desk-Admin kann Member-IDs unter `crisis.mayDrill` in der Desk-Konfiguration ergänzen.',
  mayNotDeclare: (names: string[]) =>
    names.length
      ? `Eine echte Krise ausrufen dürfen nur ${deList(names)}. Wenn es dringend ist, erreiche jetzt eine dieser Personen.`
      : 'Noch darf niemand eine echte Krise ausrufen. Ein Desk-Admin kann Member-IDs unter `crisis.mayDeclare` in der Desk-Konfiguration ergänzen.',
  mayNotEnd: (names: string[]) => (names.length ? `Beenden dürfen das nur ${deList(names)}.` : 'Von hier aus darf das niemand beenden. Frag einen Desk-Admin.'),
  alreadyActive: (kindLabel: string, number: number, title: string) => `${kindLabel} #${number} „${title}“ läuft noch. Beende sie zuerst mit \`/crisis end\`.`,
  noActive: (cmd: string) => `Gerade läuft keine Übung und keine Krise. Starte eine Übung mit \`${cmd} drill\`.`,
  unknownScenario: (id: string, ids: string[]) =>
    ids.length ? `Ein Szenario \`${id}\` gibt es nicht. Verfügbar: ${codeList(ids)}.` : `Ein Szenario \`${id}\` gibt es nicht, und es sind keine konfiguriert.`,
  notOnRoster: () => 'Du bist nicht im Krisenteam dieser Übung oder Krise, dieser Button ist nicht für dich. Frag die Leitung, ob du dazugehören solltest.',
  stepUnknown: () => 'Diesen Schritt der Checkliste finde ich nicht. Schau auf die aktuelle Übersicht im Raum.',
  stepAlreadyDone: (who: string, when: string) => `${who} hat diesen Schritt schon ${when} abgehakt.`,
  crisisEnded: (kindLabel: string, number: number) => `${kindLabel} #${number} ist bereits beendet.`,
  updateTextMissing: (cmd: string) => `Was soll im Update stehen? \`${cmd} update &lt;text&gt;\``,
  statementAlreadyApproved: (who: string, when: string) => `${who} hat die Stellungnahme schon ${when} freigegeben.`,
  reportNotFound: (n: string) => `Eine Auswertung #${n} gibt es nicht. \`/crisis reports\` zeigt alle.`,
  noReports: () => 'Noch keine Auswertungen. Eine Auswertung entsteht, wenn eine Übung oder Krise endet: Starte zum Üben eine mit `/crisis drill` (`/crisis scenarios` zeigt, was du üben kannst).',
  drillStarted: (number: number, title: string) => `🧪 Übung #${number} „${title}“ gestartet. Der Raum wird eröffnet und du bist eingeladen; das Krisenteam wird benachrichtigt.`,
  declared: (number: number, title: string) => `🚨 Krise #${number} „${title}“ ausgerufen. Der Raum wird eröffnet und du bist eingeladen; das Krisenteam wird benachrichtigt.`,
  updatePosted: (audiences: string) => `📣 Update gepostet in ${audiences}.`,
  ended: (kindLabel: string, number: number) => `🏁 ${kindLabel} #${number} beendet. Die Auswertung folgt im Raum.`,
  acked: () => '✅ Bestätigt. Im Raum sieht man, dass du dran bist.',
  stepDone: (title: string) => `✅ Erledigt: ${title}`,
  statementApproved: () => '✅ Stellungnahme freigegeben.',
} satisfies CrisisTexts;

export function crisisTexts(locale: Locale): CrisisTexts {
  return locale === 'de' ? de : en;
}
