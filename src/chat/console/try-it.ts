import { randomUUID } from 'node:crypto';
import type { CommandAnswer, CommandView } from '../../domain/command-view.ts';
import { crisisPeople } from '../../domain/crisis-people.ts';
import { crisisTexts } from '../../domain/crisis-texts.ts';
import { localized } from '../../domain/crisis.ts';
import type { Directory } from '../../domain/directory.ts';
import { kpiTexts } from '../../domain/kpi-texts.ts';
import type { Clock } from '../../domain/ports.ts';
import { plainText } from '../../domain/rich-text.ts';
import { NAME_MAX, cutText, plainName } from '../../domain/untrusted-text.ts';
import type { Logger } from '../../logger.ts';
import { signHmacBody } from '../../sources/verify-hmac-signature.ts';
import type { CommandInput } from '../../use-cases/command-asker.ts';
import { type CrisisButtonInput, pressCrisisButton } from '../../use-cases/press-crisis-button.ts';
import { runCrisisCommand } from '../../use-cases/run-crisis-command.ts';
import { runDeskCommand } from '../../use-cases/run-desk-command.ts';
import { runKpiCommand } from '../../use-cases/run-kpi-command.ts';
import { shareWeeklyDigest } from '../../use-cases/share-weekly-digest.ts';
import { wordCrisisRefusal } from '../../use-cases/word-crisis-refusal.ts';
import { type ConsoleRequest, type ConsoleSection, answerAction, ensureConsoleIdentity, sendPage } from './create-console.ts';
import type { ConsoleSession } from './console-auth.ts';
import type { ConsoleUseCaseDeps } from './console-deps.ts';
import { CONSOLE } from './console-identity.ts';
import { type Html, html } from './html.ts';
import { redirect, sendHtml } from './layout.ts';
import { type ConsoleRenderOptions, KPI_POST_PATH, renderCommandAnswer } from './render-command.ts';
import { type BoardView, CRISIS_BUTTON_PATH, renderCrisisBoard } from './render-crisis.ts';
import { SAMPLE_COUNTS, SAMPLE_SETS, type SampleSetId, pickSamples, sampleBody } from './samples.ts';
import { type TryItTexts, tryItTexts } from './try-it-texts.ts';

export interface TryItDeps {
  deps: ConsoleUseCaseDeps;
  directory: Directory;
  clock: Clock;
  log: Logger;
  /** The secret samples are signed with: INGEST_SECRET, or one made for this process when it is unset. */
  ingestSecret: string;
  /** The desk's own base URL (known once it listens), for posting samples through the real webhook. */
  selfUrl: () => string;
  /** Wakes open pages at once (after a sample or a command) instead of at their next poll. */
  wakeLive: () => void;
  /** Sends the samples' requests (tests may count them); default: the global fetch. */
  fetch?: typeof fetch;
  /**
   * Where a crisis started here opens its room and pages its roster: the desk's chat platform (the
   * console has no rooms of its own). Unset (no chat platform connected): the console, whose board is
   * the only place the crisis shows.
   */
  roomPlatform?: string;
}

/** The routes of "Try it". */
export const TRY_PATHS = {
  page: '/try',
  sample: '/console/try/sample',
  command: '/console/try/command',
  crisisButton: CRISIS_BUTTON_PATH,
  crisisBoard: '/console/try/crisis',
  kpiPost: KPI_POST_PATH,
} as const;

const COMMANDS = ['crisis', 'kpi', 'desk'] as const;
type CommandName = (typeof COMMANDS)[number];
const COMMAND_TEXT_MAX = 500;

/** The buttons beside the command field: the commands people try first. */
const PRESETS: { id: string; command: CommandName; text: string }[] = [
  { id: 'crisis-drill', command: 'crisis', text: 'drill' },
  { id: 'crisis-status', command: 'crisis', text: 'status' },
  { id: 'crisis-end', command: 'crisis', text: 'end' },
  { id: 'kpi', command: 'kpi', text: '' },
  { id: 'kpi-last', command: 'kpi', text: 'last' },
  { id: 'desk-status', command: 'desk', text: 'status' },
  { id: 'desk-help', command: 'desk', text: 'help' },
];

const typed = (command: string, text: string) => `/${command}${text ? ` ${text}` : ''}`;

/**
 * "Try it": sample comments through the signed webhook, the chat commands with their answers, and
 * the board of a running drill with its buttons. Each part calls what the chat doors call.
 */
export function tryItSection(deps: TryItDeps): ConsoleSection {
  const { directory, log } = deps;
  const send = deps.fetch ?? fetch;
  /** The last command answer per browser session, shown on the page after a plain form post. */
  const lastAnswers = new WeakMap<ConsoleSession, Html>();
  let sampleCursor = 0;

  const renderOptions = (c: ConsoleRequest): ConsoleRenderOptions => ({ locale: c.locale, timeZone: c.timeZone, csrf: c.session.csrf, returnPath: TRY_PATHS.page });

  const currentBoard = async (): Promise<BoardView | null> => {
    const { crises } = deps.deps.crisis;
    const active = await crises.activeCrisis();
    const snapshot = active && (await crises.snapshot(active.id));
    // The same view the room's board message is rendered from (outbox-handlers/crisis.ts).
    return snapshot ? { kind: 'board', snapshot, people: crisisPeople(directory), now: deps.clock.now() } : null;
  };
  const boardHtml = async (c: ConsoleRequest) => renderCrisisBoard(await currentBoard(), { ...renderOptions(c), configured: deps.deps.crisis.settings !== null });

  const needMember = (c: ConsoleRequest) => {
    if (c.member) {
      ensureConsoleIdentity(directory, c.member);
      return c.member;
    }
    answerAction(c, { ok: false, status: 403, message: c.t.card.needMember });
    return null;
  };

  const page = async (c: ConsoleRequest) => {
    const tt = tryItTexts(c.locale);
    const body = html`<h1>${tt.title}</h1>
<p class="lead">${tt.intro}</p>
<div class="try-grid">
${samplesPanel(c, tt)}
${commandsPanel(c, tt, lastAnswers.get(c.session) ?? null)}
</div>
${await boardHtml(c)}`;
    sendPage(c, { title: tt.title, nav: 'try', body, live: true });
  };

  const commandsPanel = (c: ConsoleRequest, tt: TryItTexts, answer: Html | null) => {
    const scenarios = deps.deps.crisis.settings?.scenarios ?? [];
    const hidden = html`<input type="hidden" name="csrf" value="${c.session.csrf}"><input type="hidden" name="return" value="${TRY_PATHS.page}">`;
    const preset = (p: (typeof PRESETS)[number]) => {
      const drill = p.id === 'crisis-drill' && scenarios.length > 1;
      return html`<form method="post" action="${TRY_PATHS.command}" class="inline preset" data-act data-answer="command-answer">${hidden}<input type="hidden" name="command" value="${p.command}">${
        drill
          ? html`<label class="sr-only" for="drill-scenario">${tt.commands.scenario}</label><select id="drill-scenario" name="text"><option value="drill">${tt.commands.defaultScenario}</option>${scenarios.map(
              (s) => html`<option value="${`drill ${s.id}`}">${s.id} — ${localized(s.title, c.locale)}</option>`,
            )}</select>`
          : html`<input type="hidden" name="text" value="${p.text}">`
      }<button type="submit" data-testid="command-${p.id}">${typed(p.command, p.text)}</button></form>`;
    };
    return html`<section class="panel try-commands" aria-labelledby="commands-title">
<h2 id="commands-title">${tt.commands.heading}</h2>
<p class="hint">${tt.commands.intro}</p>
${c.member ? '' : memberPicker(c, tt)}
<form method="post" action="${TRY_PATHS.command}" class="command-form" data-testid="command-form" data-act data-answer="command-answer">${hidden}
<label for="command-name">${tt.commands.command}</label>
<select id="command-name" name="command">${COMMANDS.map((name) => html`<option value="${name}">/${name}</option>`)}</select>
<label for="command-text">${tt.commands.text}</label>
<input id="command-text" name="text" type="text" maxlength="${COMMAND_TEXT_MAX}" placeholder="${tt.commands.textPlaceholder}" autocomplete="off">
<button type="submit" class="primary" data-testid="command-run">${tt.commands.run}</button>
</form>
<div class="command-presets" role="group" aria-label="${tt.commands.presets}">${PRESETS.map(preset)}</div>
<section id="command-answer" data-testid="command-answer" class="command-answer" aria-live="polite" aria-labelledby="command-answer-title">
<h3 id="command-answer-title" class="sr-only">${tt.commands.answerHeading}</h3>
${answer ?? html`<p class="muted">${tt.commands.noAnswer}</p>`}
</section>
</section>`;
  };

  const memberPicker = (c: ConsoleRequest, tt: TryItTexts) =>
    html`<form method="post" action="/console/me" class="member-pick" data-testid="member-pick"><input type="hidden" name="csrf" value="${c.session.csrf}"><input type="hidden" name="return" value="${TRY_PATHS.page}">
<p class="hint">${tt.commands.pickHint}</p>
<label for="try-member">${c.t.pickMember}</label>
<select id="try-member" name="member">${directory.allMembers().map((m) => html`<option value="${m.id}">${plainName(m.name, NAME_MAX)}</option>`)}</select>
<button type="submit">${c.t.pickButton}</button></form>`;

  const samplesPanel = (c: ConsoleRequest, tt: TryItTexts) => html`<section class="panel try-samples" aria-labelledby="samples-title">
<h2 id="samples-title">${tt.samples.heading}</h2>
<p class="hint">${tt.samples.intro}</p>
<form method="post" action="${TRY_PATHS.sample}" class="sample-form" data-testid="sample-form" data-act>
<input type="hidden" name="csrf" value="${c.session.csrf}"><input type="hidden" name="return" value="${TRY_PATHS.page}">
<fieldset class="sample-sets"><legend>${tt.samples.set}</legend>
${SAMPLE_SETS.map(
  (set) => html`<div class="choice"><input type="radio" id="sample-set-${set}" name="set" value="${set}"${set === 'mixed' ? html` checked` : ''} aria-describedby="sample-set-${set}-hint">
<label for="sample-set-${set}">${tt.samples.sets[set]}</label> <span id="sample-set-${set}-hint" class="muted">${tt.samples.setHints[set]}</span></div>`,
)}
</fieldset>
<fieldset class="sample-counts"><legend>${tt.samples.count}</legend>
${SAMPLE_COUNTS.map(
  (n) => html`<span class="choice"><input type="radio" id="sample-count-${n}" name="count" value="${n}"${n === 5 ? html` checked` : ''}><label for="sample-count-${n}">${n}</label></span>`,
)}
</fieldset>
<button type="submit" class="primary" data-testid="sample-send">${tt.samples.send}</button>
</form>
</section>`;

  /** Posts each sample to our own webhook, signed like any source would sign it. */
  const sendSamples = async (c: ConsoleRequest) => {
    const tt = tryItTexts(c.locale);
    const set = (c.form.get('set') || 'mixed') as SampleSetId;
    const count = Number(c.form.get('count') || 5);
    if (!SAMPLE_SETS.includes(set)) return answerAction(c, { ok: false, status: 400, message: tt.samples.badSet });
    if (!(SAMPLE_COUNTS as readonly number[]).includes(count)) return answerAction(c, { ok: false, status: 400, message: tt.samples.badCount });
    const samples = pickSamples(set, count, sampleCursor);
    sampleCursor += count;
    const results: { externalId: string; status: number; error?: string }[] = [];
    for (const sample of samples) {
      const externalId = `console-${sample.source}-${randomUUID()}`;
      const raw = JSON.stringify(sampleBody(sample, { externalId, createdAt: deps.clock.now() }));
      try {
        const response = await send(`${deps.selfUrl()}/webhooks/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-signature-256': signHmacBody(raw, deps.ingestSecret) },
          body: raw,
        });
        const answer = (await response.json().catch(() => ({}))) as { error?: unknown };
        results.push({ externalId, status: response.status, ...(response.ok ? {} : { error: String(answer.error ?? response.statusText) }) });
      } catch (error) {
        results.push({ externalId, status: 0, error: (error as Error).message });
      }
    }
    deps.wakeLive();
    const stored = results.filter((r) => r.status === 200 || r.status === 201).length;
    const failed = results.find((r) => r.error !== undefined);
    log.info({ set, sent: results.length, stored, statuses: results.map((r) => r.status) }, 'console samples sent through the webhook');
    const message = `${tt.samples.result(results.length, stored)}${failed ? ` ${tt.samples.failed(failed.status, failed.error ?? '')}` : ''}`;
    answerAction(c, { ok: stored === results.length, status: 502, message, extra: { results } });
  };

  const runCommand = async (c: ConsoleRequest) => {
    const tt = tryItTexts(c.locale);
    let name = c.form.get('command') ?? '';
    let text = (c.form.get('text') ?? '').trim().slice(0, COMMAND_TEXT_MAX);
    // "/crisis drill" typed into the field works too, whatever the menu says.
    const slash = /^\/(crisis|kpi|desk)(?:\s+|$)/i.exec(text);
    if (slash) {
      name = slash[1]!.toLowerCase();
      text = text.slice(slash[0].length).trim();
    }
    if (!(COMMANDS as readonly string[]).includes(name)) return answerAction(c, { ok: false, status: 400, message: tt.commands.badCommand });
    const member = needMember(c);
    if (!member) return;
    const command = name as CommandName;
    const input: CommandInput = { platform: CONSOLE, platformUserId: member.id, text, requestId: c.requestId, commandPrefix: '/', roomPlatform: deps.roomPlatform, locale: c.locale };
    const view: CommandView =
      command === 'crisis'
        ? await runCrisisCommand(input, { ...deps.deps.crisis, log })
        : command === 'kpi'
          ? await runKpiCommand(input, { ...deps.deps.kpi, log })
          : await runDeskCommand(input, { ...deps.deps, log });
    const answer: CommandAnswer = view.kind === 'later' ? await view.answer() : view;
    const answered = renderCommandAnswer(answer, renderOptions(c));
    // The core's words promise a room and pages; on a desk without chat the board is all there is.
    const started = command === 'crisis' && /^(drill|declare)\b/i.test(text) && (await deps.deps.crisis.crises.activeCrisis())?.platform === CONSOLE;
    const rendered = started ? html`${answered}<p class="hint" data-testid="crisis-no-room-note">${tt.board.noChatRoom}</p>` : answered;
    lastAnswers.set(c.session, rendered);
    deps.wakeLive();
    if (!c.wantsJson) return redirect(c.res, `${TRY_PATHS.page}#command-answer`);
    const message = answer.kind === 'text' ? cutText(plainText(answer.text), 300) : tt.commands.answerOf(typed(command, text));
    answerAction(c, { ok: true, message, extra: { html: rendered.value, ...(command === 'crisis' ? { board: (await boardHtml(c)).value } : {}) } });
  };

  const pressButton = async (c: ConsoleRequest) => {
    const tt = tryItTexts(c.locale);
    const action = c.form.get('action');
    const crisisId = c.form.get('crisisId') ?? '';
    const stepId = c.form.get('stepId') ?? undefined;
    if ((action !== 'ack' && action !== 'approve' && action !== 'step') || !crisisId || (action === 'step' && !stepId)) {
      return answerAction(c, { ok: false, status: 400, message: tt.board.badButton });
    }
    const member = needMember(c);
    if (!member) return;
    const input: CrisisButtonInput = { action, crisisId, stepId, platform: CONSOLE, platformUserId: member.id, requestId: c.requestId, locale: c.locale };
    const result = await pressCrisisButton(input, { ...deps.deps.crisis, store: deps.deps.store, log });
    deps.wakeLive();
    const t = crisisTexts(c.locale);
    let message: string;
    if (!result.ok) message = plainText(wordCrisisRefusal(result, c.locale, deps.deps.crisis));
    else if (action === 'ack') message = t.acked();
    else if (action === 'approve') message = t.statementApproved();
    else {
      const crisis = await deps.deps.crisis.crises.getCrisis(crisisId);
      const step = crisis?.scenario.checklist.find((s) => s.id === stepId);
      message = t.stepDone(step ? localized(step.title, c.locale) : (stepId ?? ''));
    }
    answerAction(c, { ok: result.ok, status: 409, message, extra: c.wantsJson ? { board: (await boardHtml(c)).value } : {} });
  };

  const postDigest = async (c: ConsoleRequest) => {
    const member = needMember(c);
    if (!member) return;
    const teamId = c.form.get('teamId') ?? '';
    const week = c.form.get('week') ?? '';
    const outcome = await shareWeeklyDigest({ teamId, week, platform: CONSOLE, platformUserId: member.id, requestId: c.requestId }, { ...deps.deps.kpi, store: deps.deps.store, log });
    const t = kpiTexts(c.locale);
    const team = directory.team(teamId);
    const words: Record<typeof outcome, string> = {
      posted: plainText(t.posted(team?.name ?? teamId)),
      already_posted: t.alreadyPosted,
      no_channel: t.noChannel(team?.name ?? teamId),
      not_member: t.kpiNotMember(),
      no_team: t.kpiNoTeam(),
    };
    answerAction(c, { ok: outcome === 'posted' || outcome === 'already_posted', status: 409, message: words[outcome] });
  };

  return {
    routes: {
      [`GET ${TRY_PATHS.page}`]: page,
      [`GET ${TRY_PATHS.crisisBoard}`]: async (c) => sendHtml(c.res, 200, await boardHtml(c)),
      [`POST ${TRY_PATHS.sample}`]: sendSamples,
      [`POST ${TRY_PATHS.command}`]: runCommand,
      [`POST ${TRY_PATHS.crisisButton}`]: pressButton,
      [`POST ${TRY_PATHS.kpiPost}`]: postDigest,
    },
  };
}
