import { CRISIS_ROLES, type CrisisReport, localized, rolesOf, rosterMemberIds } from './crisis.ts';
import { type CrisisTexts, crisisTexts } from './crisis-texts.ts';
import {
  type CrisisPeople,
  type CrisisStatusView,
  type CrisisTimelineEntry,
  type ScenarioListView,
  type StepRow,
  ackTimes,
  isActive,
  offset,
  personText,
  roleOrder,
  stepRows,
} from './crisis-view.ts';
import type { Locale } from './directory.ts';
import { type Measure, type RichText, bold, channel, code, cutRichTo, date, fitLastLines, fitLines, lines, plainLength, rich, text, untrusted } from './rich-text.ts';
import { cutText, excerptText } from './untrusted-text.ts';

/**
 * The answers of `/crisis` (status, report, reports, scenarios) and the parts of a report, as
 * RichText for every chat adapter. Long lists are shortened with "… and n more" to fit a budget
 * the adapter gives as its platform counts.
 */

/** Where an answer is shown: at most `max` characters, as the platform counts them. */
export interface TextBudget {
  max: number;
  measure: Measure;
}

/** Plain-text characters, for adapters without a better count. */
export const PLAIN_BUDGET: TextBudget = { max: 3900, measure: plainLength };

/** A room channel as a link, when there is one. */
const roomLink = (id: string | null) => (id ? [channel(id)] : null);

/** A report's parts, shared by the posted report and `/crisis report <n>`. */
export interface ReportParts {
  headline: string;
  overview: RichText[];
  roles: RichText[];
  steps: RichText[];
  statement: RichText;
  comments: RichText[];
  updates: string;
  missed: RichText[];
}

export function reportParts(report: CrisisReport, locale: Locale, people: CrisisPeople, titleMax: number): ReportParts {
  const t = crisisTexts(locale);
  const who = (id: string | null) => personText(people, id, t.someone);
  const d = (ms: number | null) => (ms === null ? t.none : t.duration(ms));
  const title = localized(report.title, locale);
  const steps = report.steps.map((s, i) => {
    const name = bold(`${i + 1}. ${cutText(localized(s.title, locale), titleMax, { trim: false })}`);
    const target = offset(s.targetMs, t);
    if (s.doneMs === null) return rich`❌ ${name} — ${t.reportStepNotDone(target)}`;
    if (s.onTime === false || s.doneMs > s.targetMs) return rich`⚠️ ${name} — ${t.reportStepLate(offset(s.doneMs, t), target, t.duration(s.doneMs - s.targetMs), who(s.doneById))}`;
    return rich`✅ ${name} — ${t.reportStepOnTime(offset(s.doneMs, t), target, who(s.doneById))}`;
  });
  const roles = [...report.roles]
    .sort((a, b) => CRISIS_ROLES.indexOf(a.role) - CRISIS_ROLES.indexOf(b.role))
    .map((r) => rich`${bold(`${t.roles[r.role]}:`)} ${r.firstAckMs === null ? t.reportRoleNoAck : t.reportRoleAck(who(r.firstAckById), offset(r.firstAckMs, t))}`);
  const stepTitle = (id: string) => {
    const step = report.steps.find((s) => s.stepId === id);
    return cutText(step ? localized(step.title, locale) : id, titleMax, { trim: false });
  };
  const missed = report.missed.map((m): RichText => {
    switch (m.kind) {
      case 'role_unacknowledged':
        return `• ${t.missed.roleUnacknowledged(t.roles[m.role])}`;
      case 'step_not_done':
        return `• ${t.missed.stepNotDone(stepTitle(m.stepId))}`;
      case 'step_late':
        return `• ${t.missed.stepLate(stepTitle(m.stepId), t.duration(m.lateMs))}`;
      case 'statement_not_approved':
        return `• ${t.missed.statementNotApproved}`;
      case 'comments_unanswered':
        return `• ${t.missed.commentsUnanswered(m.count)}`;
      case 'comments_late':
        return `• ${t.missed.commentsLate(m.count)}`;
    }
  });
  const cm = report.comments;
  return {
    headline: t.headline(report.kind, report.number, title),
    overview: [
      t.reportStarted(date(new Date(report.startedAt))),
      t.reportEnded(date(new Date(report.endedAt)), t.endReason[report.endReason]),
      t.reportDuration(t.duration(report.durationMs)),
      t.reportFirstAck(report.firstAckMs === null ? null : offset(report.firstAckMs, t)),
    ],
    roles,
    steps,
    statement:
      report.statement.approvedMs === null
        ? t.reportStatementNotApproved
        : t.reportStatementApproved(offset(report.statement.approvedMs, t), who(report.statement.approvedById)),
    comments: [
      t.reportCommentCounts(cm.received, cm.claimed, cm.answered, cm.open),
      t.reportCommentTimes(d(cm.medianFirstResponseMs), d(cm.p90FirstResponseMs), d(cm.medianAnswerMs), cm.withinTargetShare === null ? t.none : t.percent(cm.withinTargetShare)),
    ],
    updates: t.reportUpdates(report.updates),
    missed: missed.length ? missed : [t.reportNothingMissed],
  };
}

/** `/crisis report <n>`: the whole report; long lists are shortened with "… and n more". */
export function reportText(report: CrisisReport, locale: Locale, people: CrisisPeople, budget: TextBudget = PLAIN_BUDGET): RichText {
  const t = crisisTexts(locale);
  const { measure } = budget;
  const p = reportParts(report, locale, people, 60);
  const before: RichText[] = [
    [bold(`${t.reportTitle} · ${cutText(p.headline, 300, { trim: false })}`)],
    ...(report.kind === 'drill' ? [t.reportDrillNote] : []),
    ...p.overview,
    '',
    [bold(t.reportRoles)],
    ...p.roles,
    '',
    [bold(t.reportSteps)],
  ];
  const after: RichText[] = ['', p.statement, [bold(t.reportComments)], ...p.comments, p.updates, '', [bold(t.reportMissed)]];
  const fixed = measure(lines([...before, ...after])) + 2;
  const room = Math.max(0, budget.max - fixed);
  const missed = fitLines(p.missed, Math.max(Math.floor(room / 2), room - measure(lines(p.steps))), t.more, measure);
  const steps = fitLines(p.steps, Math.max(0, room - measure(missed)), t.more, measure);
  return lines([...before, steps, ...after, missed]);
}

/** `/crisis reports`: one line per report, in the order given (newest first). */
export function reportListText(reports: CrisisReport[], locale: Locale, people: CrisisPeople, budget: TextBudget = PLAIN_BUDGET): RichText {
  const t = crisisTexts(locale);
  if (!reports.length) return t.noReports();
  const items = reports.map((r) => {
    const firstRole = r.roles.filter((x) => x.firstAckMs !== null).sort((a, b) => (a.firstAckMs ?? 0) - (b.firstAckMs ?? 0))[0];
    const firstAck = r.firstAckMs === null ? null : text(offset(r.firstAckMs, t), firstRole ? rich` (${personText(people, firstRole.firstAckById, t.someone)})` : '');
    return t.reportListLine({
      kind: `${r.kind === 'drill' ? '🧪' : '🚨'} ${t.kind(r.kind)}`,
      number: r.number,
      title: cutText(localized(r.title, locale), 80, { trim: false }),
      when: date(new Date(r.startedAt)),
      duration: t.duration(r.durationMs),
      firstAck,
      stepsOnTime: r.steps.filter((s) => s.onTime === true).length,
      steps: r.steps.length,
      answered: r.comments.answered,
      received: r.comments.received,
    });
  });
  const hint = t.reportsHint('/crisis');
  const list = fitLines(items, budget.max - budget.measure(t.reportsTitle) - budget.measure(hint) - 2, t.more, budget.measure);
  return lines([t.reportsTitle, list, hint]);
}

/** `/crisis scenarios`: each scenario with its id, title, size, time limit and burst; the one `declare` uses is marked. */
export function scenarioListText(view: ScenarioListView, locale: Locale, budget: TextBudget = PLAIN_BUDGET): RichText {
  const t = crisisTexts(locale);
  if (!view.scenarios.length) return t.noScenarios;
  const items = view.scenarios.map((s) => {
    const line = t.scenarioLine({
      id: s.id,
      title: cutText(localized(s.title, locale), 100, { trim: false }),
      steps: s.checklist.length,
      timeLimit: t.duration(s.timeLimitMs),
      burst: s.burst && s.burst.count > 0 ? t.scenarioBurst(s.burst.count, t.duration(s.burst.durationMs)) : t.scenarioNoBurst,
      isDeclare: s.id === view.declareScenarioId,
    });
    return text(line, '\n      ', excerptText(localized(s.situation, locale), 140));
  });
  const hint = t.scenariosHint('/crisis');
  return lines([t.scenariosTitle, fitLines(items, budget.max - budget.measure(t.scenariosTitle) - budget.measure(hint) - 2, t.more, budget.measure), hint]);
}

function timelineLine(entry: CrisisTimelineEntry, rows: StepRow[], burstCount: number, people: CrisisPeople, t: CrisisTexts): RichText {
  const who = personText(people, entry.actorId, t.system);
  const d = entry.detail;
  let detail: RichText = '';
  const stepId = entry.type === 'statement_approved' ? null : typeof d.stepId === 'string' ? d.stepId : typeof d.step === 'string' ? d.step : null;
  const said = typeof d.text === 'string' ? d.text : typeof d.excerpt === 'string' ? d.excerpt : null;
  if (stepId !== null) {
    const row = rows.find((r) => r.spec.id === stepId);
    detail = row ? [bold(`${row.n}. ${cutText(row.title, 80, { trim: false })}`)] : [code(stepId)];
  } else if (said !== null) {
    detail = rich`“${untrusted(excerptText(said, 80))}”`;
  } else if (typeof d.memberId === 'string') {
    detail = personText(people, d.memberId, t.someone);
  } else if (d.reason === 'command' || d.reason === 'time_limit') {
    detail = `(${t.endReason[d.reason]})`;
  } else if (typeof d.from === 'number' && typeof d.to === 'number') {
    // A burst batch: comments from..to-1 of the drill's burst.
    detail = `+${d.to - d.from}${burstCount ? ` (${d.to}/${burstCount})` : ''}`;
  } else if (typeof d.count === 'number') {
    detail = `(${d.count})`;
  } else if (typeof d.channel === 'string') {
    detail = roomLink(d.channel) ?? '';
  }
  const known = Object.hasOwn(t.timeline, entry.type) ? t.timeline[entry.type as keyof CrisisTexts['timeline']] : null;
  const line = known ? known(who, detail) : t.timelineOther(entry.type, who);
  return rich`• ${date(entry.at, 'time')} ${line}`;
}

/** `/crisis status`: the running (or just ended) drill or crisis in one text. */
export function crisisStatusText(view: CrisisStatusView, budget: TextBudget = PLAIN_BUDGET): RichText {
  const { snapshot, people } = view;
  const { measure } = budget;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const who = (id: string | null) => personText(people, id, t.someone);
  const active = isActive(snapshot);
  const start = c.startedAt.getTime();
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, c.locale));

  const acks = ackTimes(snapshot);
  const members = rosterMemberIds(c.roster);
  const unacked = members.filter((id) => !acks.has(id));
  const waiting = t.list(unacked.map((id) => rich`${who(id)} (${roleOrder(rolesOf(c.roster, id)).map((r) => t.roles[r]).join(', ')})`));
  const rows = stepRows(snapshot);
  const open = rows.filter((r) => !r.doneAt);
  const until = c.endedAt && c.endedAt < view.now ? c.endedAt : view.now;
  const openLines = open.map(
    (r): RichText =>
      `⬜ ${r.n}. ${cutText(r.title, 80, { trim: false })} (${t.stepTarget(offset(r.spec.targetMs, t))})${until.getTime() - start > r.spec.targetMs ? ` ${t.stepPastTarget}` : ''}`,
  );
  const room = roomLink(c.roomChannel);
  const statement = c.statementApprovedAt ? t.statementApprovedBy(who(c.statementApprovedById), date(c.statementApprovedAt)) : active ? t.statementWaiting : t.statementNotApproved;
  const burst = c.kind === 'drill' ? c.scenario.burst : null;
  const counts = snapshot.comments;

  const before: RichText[] = [
    [bold(cutText(headline, 300, { trim: false }))],
    ...(c.kind === 'drill' ? [t.drillNotice] : []),
    text(t.started(date(c.startedAt), who(c.startedById)), active ? rich` · ${t.timeLimit(date(c.timeLimitAt))}` : ''),
    ...(active ? [] : [t.endedLine(date(c.endedAt ?? view.now), c.endReason ? t.endReason[c.endReason] : t.none, c.endedById ? who(c.endedById) : null)]),
    ...(room ? [t.room(room)] : active ? [t.roomPending] : []),
    cutRichTo(t.statusRoster(members.length - unacked.length, members.length, unacked.length ? waiting : ''), 800, measure),
    text(t.statusChecklist(rows.length - open.length, rows.length), open.length ? ` — ${t.statusNextSteps}` : ''),
  ];
  const after: RichText[] = [
    t.statementState(statement),
    text(t.commentCounts(counts.received, counts.claimed, counts.answered, counts.open), burst && burst.count > 0 ? ` · ${t.burstProgress(Math.min(c.burstInjected, burst.count), burst.count)}` : ''),
  ];
  const timeline = view.timeline.map((e) => timelineLine(e, rows, burst?.count ?? 0, people, t));
  const fixed = measure(lines([...before, ...after])) + (timeline.length ? measure(t.statusTimeline) + 3 : 0) + 2;
  const left = Math.max(0, budget.max - fixed);
  const steps = openLines.length ? fitLines(openLines, Math.max(Math.floor(left / 2), left - measure(lines(timeline))), t.more, measure) : '';
  const latest = timeline.length ? fitLastLines(timeline, Math.max(0, left - measure(steps)), t.more, measure) : '';
  return lines([...before, ...(steps ? [steps] : []), ...after, ...(latest ? ['', t.statusTimeline, latest] : [])]);
}
