/**
 * AI triage (issue 14), measured through the real HTTP stack with the loopback OpenAI stand-in
 * (test/support/openai-stand-in.ts) answering valid triage JSON after `--model-delay-ms` (default 300,
 * about what gpt-4o-mini takes for a short structured answer):
 *
 * a) Ingest throughput with triage on vs off: the same signed webhook load as bench/ingest.ts
 *    (POST /webhooks/comments, `concurrency` in flight, from the one keep-alive client of bench/lib.ts)
 *    against two desks in this process: one with OPENAI_API_KEY set (triage on), one without (off).
 *    While the "on" desk takes its load, the `ai-triage` job runs back to back (desk.jobs.runNow in a
 *    loop, each run a batch of 20 with 4 calls in flight: harder than production, which runs it every
 *    10 s), so model calls, their records, triage writes and card updates compete with ingest the whole
 *    round. Rounds alternate ABBA after a discarded warm-up round of each; rates are medians over
 *    rounds. Ratio on ÷ off; the issue's target is ≥ 0.95. Afterwards the job runs until nothing
 *    waits, and every comment of the "on" desk must be labelled (triage state "classified").
 * b) Cost per 1,000 comments at the price table of config/desk.example.yaml (`ai.prices`): the 91
 *    comments of test/fixtures/ai/triage-eval.json (de/en, five networks, all intents) go through the
 *    "on" desk; the requests the desk really sent are recorded at the stand-in. Tokens are an ESTIMATE
 *    (no tokenizer package is installed): input = (system + user message + the response_format JSON
 *    schema, which OpenAI counts as input) in characters ÷ 4; output = the answer JSON's characters ÷ 4
 *    (the answer a model gives: the fixture's labels and a one-sentence reason). The stand-in reports
 *    exactly these figures as `usage`, so the cost is the desk's own: the sum of `ai_call.cost` it
 *    recorded (costOf with the configured prices), ÷ comments × 1,000.
 *
 * c) CPU per comment, the steadier figure on a noisy machine (process CPU time, not wall time): a third
 *    desk with unpaced cards takes `--cpu-n` comments (default 300) and delivers their cards; then the
 *    job labels them all and their card updates are delivered. CPU ms ÷ comments, for each phase. Both
 *    include the stand-ins' side of each call (Slack, OpenAI), which a real deployment does not pay.
 *
 * Everything runs in one process (both desks, the Slack and OpenAI stand-ins, the client), so the
 * stand-in's own work (parsing each request) counts against the "on" side.
 *
 *   npx tsx bench/ai-triage.ts [--db=pglite|postgres|all] [--n=2000] [--concurrency=16] [--rounds=8]
 *     [--post-interval-ms=1000] [--model-delay-ms=300] [--job-interval-ms=0] [--cpu-n=300]
 *   BENCH_QUICK=1 for a short run.
 */
import { readFileSync } from 'node:fs';
import type { Desk } from '../src/app.ts';
import { DATA_FENCE_CLOSE, DATA_FENCE_OPEN } from '../src/ai/openai-triage.ts';
import { type DeskConfig } from '../src/desk-config/desk-config-schema.ts';
import { loadDeskConfig } from '../src/desk-config/load-desk-config.ts';
import { signHmacBody } from '../src/sources/verify-hmac-signature.ts';
import { INGEST_SECRET, genericComment, startTestDesk, testDeskConfig } from '../test/support/desk-harness.ts';
import { type OpenAiStandIn, type ReceivedChatRequest, startOpenAiStandIn } from '../test/support/openai-stand-in.ts';
import { type SlackStandIn, startSlackStandIn } from '../test/support/slack-stand-in.ts';
import { waitForOutboxDrained } from '../test/support/wait-for-outbox-drained.ts';
import { type Backend, type TestDatabase, createTestDatabase } from '../test/support/test-database.ts';
import { type Round, deskRound, uniqueId } from './ingest.ts';
import { QUICK, alternately, fmt, isMain, median, numberArg, post, selectedBackends, sleep, table, verdict, withConcurrency } from './lib.ts';

/** The issue's target: ingest with triage on keeps ≥ 95 % of the rate with triage off. */
export const AI_TRIAGE_INGEST_TARGET = 0.95;
const MODEL = 'gpt-4o-mini';
const EXAMPLE_CONFIG = new URL('../config/desk.example.yaml', import.meta.url);
const EVAL_FIXTURE = new URL('../test/fixtures/ai/triage-eval.json', import.meta.url);

export interface AiTriageOptions {
  /** Comments per side over all measured rounds. */
  n: number;
  concurrency: number;
  rounds: number;
  /** SLACK_CHANNEL_POST_INTERVAL_MS of both desks (1000 as in the product). */
  postIntervalMs: number;
  /** How long the OpenAI stand-in takes to answer each call. */
  modelDelayMs: number;
  /** Pause between two runs of the job during the load: 0 = back to back (the worst case); 10000 = its schedule. */
  jobIntervalMs: number;
  /** Comments for part c (CPU per comment). */
  cpuN: number;
}

/** Part c: process CPU time per comment, ingest (with its card post) and triage (with its card update). */
export interface CpuPerComment {
  comments: number;
  ingestMs: number;
  triageMs: number;
}

export interface TriageCost {
  comments: number;
  model: string;
  currency: string;
  /** Per 1M tokens, from config/desk.example.yaml. */
  price: { input: number; output: number };
  /** Estimated (characters ÷ 4), per comment, mean. */
  promptTokens: number;
  /** Of which the response_format schema. */
  schemaTokens: number;
  completionTokens: number;
  /** Sum of the recorded ai_call costs ÷ comments × 1,000. */
  costPer1000: number;
  /** The same from the token means and the price table (a check on the recorded figure). */
  computedCostPer1000: number;
}

export interface AiTriageResult {
  backend: Backend;
  options: AiTriageOptions;
  /** Median over rounds, comments per second. */
  onRate: number;
  offRate: number;
  ratio: number;
  /** Per measured round: its "on" rate ÷ the "off" rate of the same ABBA pair. */
  roundRatios: number[];
  onLatencyMs: number;
  offLatencyMs: number;
  /** Comments per desk (warm-up included). */
  stored: number;
  /** Triage job runs and comments labelled while the "on" desk took its load (measured rounds). */
  runsDuringLoad: number;
  labelledDuringLoad: number;
  /** From the end of the last round until every comment was labelled. */
  catchUpMs: number;
  /** Comments labelled per second while catching up (nothing else running). */
  catchUpRate: number;
  cpu: CpuPerComment;
  classified: number;
  cost: TriageCost;
}

export function defaultAiTriageOptions(argv: readonly string[] = process.argv.slice(2)): AiTriageOptions {
  const num = (name: string, fallback: number) => numberArg(argv, name, fallback);
  return {
    n: num('n', QUICK ? 600 : 2000),
    concurrency: num('concurrency', 16),
    rounds: num('rounds', QUICK ? 4 : 8),
    postIntervalMs: num('post-interval-ms', 1000),
    modelDelayMs: num('model-delay-ms', 300),
    jobIntervalMs: num('job-interval-ms', 0),
    cpuN: num('cpu-n', QUICK ? 100 : 300),
  };
}

interface EvalItem {
  id: string;
  language: 'de' | 'en';
  source: string;
  author: string;
  text: string;
  expected: { sentiment: string; intent: string; urgency: string; needsResponse: boolean; suggestedTeam: string };
  injection?: boolean;
}

/** The documented approximation (the stand-in's too): about four characters per token. */
export const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

/** The input tokens of one request: both messages and the response_format schema (counted as input by OpenAI). */
export function promptTokenEstimate(body: ReceivedChatRequest['body']): { total: number; schema: number } {
  const messages = (body?.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('');
  const schema = JSON.stringify(body?.response_format ?? '');
  return { total: estimateTokens(messages + schema), schema: estimateTokens(schema) };
}

/** The comment a request asked about, read back from its data block. */
function commentOf(request: ReceivedChatRequest): { text: string } | null {
  const user = (request.body?.messages ?? []).find((m) => m.role === 'user');
  const content = String(user?.content ?? '');
  const from = content.indexOf(DATA_FENCE_OPEN);
  if (from < 0) return null;
  try {
    return JSON.parse(content.slice(from + DATA_FENCE_OPEN.length, content.lastIndexOf(DATA_FENCE_CLOSE))) as { text: string };
  } catch {
    return null;
  }
}

/** One short sentence per intent, as the model writes its `reason` (in the language the prompt asks for). */
const REASONS: Record<string, { de: string; en: string }> = {
  question: { de: 'Stellt eine konkrete Frage zum Produkt und erwartet eine Antwort.', en: 'Asks a concrete question about the product and expects an answer.' },
  complaint: { de: 'Beschwert sich über eine Bestellung und möchte, dass das Problem gelöst wird.', en: 'Complains about an order and wants the problem to be solved.' },
  praise: { de: 'Lobt das Produkt, eine Antwort ist freundlich, aber nicht nötig.', en: 'Praises the product; a reply would be kind but is not needed.' },
  lead: { de: 'Zeigt Kaufinteresse oder fragt nach einer geschäftlichen Zusammenarbeit.', en: 'Shows interest in buying or asks about working together.' },
  spam: { de: 'Werbung ohne Bezug zum Beitrag, keine Antwort nötig.', en: 'Unrelated advertising; no reply needed.' },
  abuse: { de: 'Beleidigt andere und sollte moderiert werden.', en: 'Insults others and should be moderated.' },
  crisis: { de: 'Meldet ein mögliches Sicherheitsrisiko, das sich öffentlich ausbreiten kann.', en: 'Reports a possible safety risk that could spread publicly.' },
  other: { de: 'Allgemeiner Kommentar ohne klare Bitte an das Team.', en: 'A general remark without a clear request to the team.' },
};

/**
 * The stand-in's answer to a triage request: a valid triage for the comment asked about (the
 * fixture's labels when it is an evaluation comment, praise otherwise), with usage estimated as above.
 */
export function triageReply(evalByText: ReadonlyMap<string, EvalItem>) {
  return (request: ReceivedChatRequest) => {
    const text = commentOf(request)?.text ?? '';
    const item = evalByText.get(text);
    const system = String(request.body?.messages?.[0]?.content ?? '');
    const locale = system.includes('in German') ? 'de' : 'en';
    const labels = item?.expected ?? { sentiment: 'positive', intent: 'praise', urgency: 'low', needsResponse: false, suggestedTeam: 'community' };
    const content = JSON.stringify({
      language: item?.language ?? 'de',
      sentiment: labels.sentiment,
      intent: labels.intent,
      urgency: labels.urgency,
      needsResponse: labels.needsResponse,
      injectionSuspected: item?.injection ?? false,
      suggestedTeam: labels.suggestedTeam,
      confidence: 'high',
      reason: REASONS[labels.intent]![locale],
    });
    return { content, usage: { prompt_tokens: promptTokenEstimate(request.body).total, completion_tokens: estimateTokens(content) } };
  };
}

/** The same signed webhook load as bench/ingest.ts (bodies and signatures prepared before the clock starts). */
const ingestRound = (desk: Desk, count: number, concurrency: number): Promise<Round> => deskRound(desk, count, concurrency, false);

interface JobOutcome {
  ran: boolean;
  result?: unknown;
}

/** Runs the `ai-triage` job back to back until stopped; counts its runs and the comments it labelled. */
function triageLoop(desk: Desk, intervalMs: number): { stop(): Promise<{ runs: number; labelled: number }> } {
  let stopping = false;
  let runs = 0;
  let labelled = 0;
  const done = (async () => {
    while (!stopping) {
      const outcome = (await desk.jobs.runNow('ai-triage')) as JobOutcome;
      const result = (outcome.result ?? {}) as { classified?: number; notClassified?: number };
      const did = (result.classified ?? 0) + (result.notClassified ?? 0);
      runs += 1;
      labelled += did;
      if (intervalMs > 0) await sleep(intervalMs);
      else if (did === 0) await sleep(25); // nothing waiting yet
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await done;
      return { runs, labelled };
    },
  };
}

const waitingForTriage = (desk: Desk) => desk.db.prisma.comment.count({ where: { triagedAt: null, isDrill: false } });

/** Runs the job until no comment waits; throws after `timeoutMs`. */
async function drainTriage(desk: Desk, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const waiting = await waitingForTriage(desk);
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`triage did not catch up: ${waiting} comments still wait after ${timeoutMs} ms`);
    await desk.jobs.runNow('ai-triage');
  }
}

async function classifiedCount(desk: Desk): Promise<number> {
  const rows = await desk.db.prisma.$queryRaw<{ n: bigint | number }[]>`SELECT count(*) AS n FROM comment WHERE triage->>'state' = 'classified'`;
  return Number(rows[0]?.n ?? 0);
}

/** Part b: the evaluation comments through the desk, priced from what it recorded. */
async function measureCost(desk: Desk, openai: OpenAiStandIn, items: readonly EvalItem[], config: DeskConfig): Promise<TriageCost> {
  const before = openai.requests().length;
  const ids = await withConcurrency(8, items.length, async (i) => {
    const item = items[i]!;
    const body = JSON.stringify(genericComment({ externalId: uniqueId('eval'), source: item.source, text: item.text, author: { name: item.author, id: item.id } }));
    const res = await post(new URL(`${desk.url}/webhooks/comments`), { 'content-type': 'application/json', 'x-signature-256': signHmacBody(body, INGEST_SECRET) }, body);
    if (res.status !== 201) throw new Error(`POST /webhooks/comments answered ${res.status}: ${res.text.slice(0, 200)}`);
    return (JSON.parse(res.text) as { commentId: string }).commentId;
  });
  await drainTriage(desk, 120_000);
  const texts = new Set(items.map((i) => i.text));
  const sent = openai.requests().slice(before).filter((r) => texts.has(commentOf(r)?.text ?? ''));
  if (sent.length !== items.length) throw new Error(`expected ${items.length} triage requests for the evaluation comments, the stand-in saw ${sent.length}`);
  const calls = await desk.db.prisma.aiCall.findMany({ where: { commentId: { in: ids }, kind: 'triage' } });
  if (calls.length !== items.length || calls.some((c) => c.outcome !== 'ok' || c.cost === null)) {
    throw new Error(`expected ${items.length} priced ok triage calls, found ${calls.length} (${calls.filter((c) => c.outcome !== 'ok').length} not ok)`);
  }
  const estimates = sent.map((r) => promptTokenEstimate(r.body));
  const promptTokens = calls.reduce((s, c) => s + c.promptTokens, 0) / calls.length;
  const completionTokens = calls.reduce((s, c) => s + c.completionTokens, 0) / calls.length;
  const price = config.ai.prices[MODEL];
  if (!price) throw new Error(`config/desk.example.yaml has no ai.prices for ${MODEL}`);
  return {
    comments: items.length,
    model: MODEL,
    currency: config.ai.currency,
    price: { input: price.input, output: price.output },
    promptTokens,
    schemaTokens: estimates.reduce((s, e) => s + e.schema, 0) / estimates.length,
    completionTokens,
    costPer1000: (calls.reduce((s, c) => s + Number(c.cost), 0) / calls.length) * 1000,
    computedCostPer1000: ((promptTokens * price.input + completionTokens * price.output) / 1_000_000) * 1000,
  };
}

/** Part c, on a desk of its own whose cards are not paced, so every card and update is delivered at once. */
async function measureCpu(backend: Backend, openai: OpenAiStandIn, config: DeskConfig, n: number): Promise<CpuPerComment> {
  const slack = await startSlackStandIn();
  const database = await createTestDatabase(backend);
  const desk = await startTestDesk({
    standIn: slack,
    db: database.db,
    deskConfig: config,
    env: { SLACK_CHANNEL_POST_INTERVAL_MS: '0', OPENAI_API_KEY: 'sk-bench-key', OPENAI_BASE_URL: openai.url, OPENAI_MODEL: MODEL, OPENAI_TIMEOUT_MS: '15000' },
  });
  const cpuMs = async (work: () => Promise<unknown>) => {
    const before = process.cpuUsage();
    await work();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  try {
    // Warm-up (JIT, connections, caches), not counted.
    await ingestRound(desk, Math.min(100, n), 16);
    await drainTriage(desk, 120_000);
    await waitForOutboxDrained(desk.db, 120_000);
    const ingestMs = await cpuMs(async () => {
      await ingestRound(desk, n, 16);
      await waitForOutboxDrained(desk.db, 120_000);
    });
    const triageMs = await cpuMs(async () => {
      await drainTriage(desk, 600_000);
      await waitForOutboxDrained(desk.db, 120_000);
    });
    return { comments: n, ingestMs: ingestMs / n, triageMs: triageMs / n };
  } finally {
    await desk.stop().catch(() => {});
    await database.drop().catch(() => {});
    await slack.close().catch(() => {});
  }
}

export async function runAiTriage(backend: Backend, options: AiTriageOptions = defaultAiTriageOptions()): Promise<AiTriageResult> {
  const measured = await runIngestAndCost(backend, options);
  // Part c once parts a and b have stopped their desks: nothing else of this bench runs meanwhile.
  const example = await loadDeskConfig(EXAMPLE_CONFIG.pathname);
  const items = JSON.parse(readFileSync(EVAL_FIXTURE, 'utf8')) as EvalItem[];
  const openai = await startOpenAiStandIn({ defaultReply: triageReply(new Map(items.map((i) => [i.text, i]))) });
  try {
    return { ...measured, cpu: await measureCpu(backend, openai, { ...testDeskConfig(), ai: example.ai }, options.cpuN) };
  } finally {
    await openai.close().catch(() => {});
  }
}

async function runIngestAndCost(backend: Backend, options: AiTriageOptions): Promise<Omit<AiTriageResult, 'cpu'>> {
  const { n, concurrency, rounds } = options;
  const perRound = Math.max(1, Math.round(n / rounds));
  const warmUp = Math.max(concurrency * 4, Math.round(perRound / 2));
  const example = await loadDeskConfig(EXAMPLE_CONFIG.pathname);
  const items = JSON.parse(readFileSync(EVAL_FIXTURE, 'utf8')) as EvalItem[];
  const config: DeskConfig = { ...testDeskConfig(), ai: example.ai };
  const env = { SLACK_CHANNEL_POST_INTERVAL_MS: String(options.postIntervalMs) };

  const slackOn = await startSlackStandIn();
  const slackOff = await startSlackStandIn();
  const openai = await startOpenAiStandIn({ defaultReply: triageReply(new Map(items.map((i) => [i.text, i]))) });
  // Every call waits `modelDelayMs` before its answer (faults go first, one per request).
  const expectedCalls = warmUp + perRound * rounds + items.length;
  openai.fail(...Array.from({ length: expectedCalls + 200 }, () => ({ delayMs: options.modelDelayMs })));
  const databases: TestDatabase[] = [];
  let on: Desk | undefined;
  let off: Desk | undefined;
  try {
    databases.push(await createTestDatabase(backend), await createTestDatabase(backend));
    on = await startTestDesk({
      standIn: slackOn,
      db: databases[0]!.db,
      deskConfig: config,
      env: { ...env, OPENAI_API_KEY: 'sk-bench-key', OPENAI_BASE_URL: openai.url, OPENAI_MODEL: MODEL, OPENAI_TIMEOUT_MS: '15000' },
    });
    off = await startTestDesk({ standIn: slackOff, db: databases[1]!.db, deskConfig: config, env });

    const onRounds: Round[] = [];
    const offRounds: Round[] = [];
    let runsDuringLoad = 0;
    let labelledDuringLoad = 0;
    for (let r = 0; r <= rounds; r++) {
      const count = r === 0 ? warmUp : perRound;
      const runOn = async () => {
        const loop = triageLoop(on!, options.jobIntervalMs);
        const result = await ingestRound(on!, count, concurrency);
        // The loop stops outside the timed part (its last run finishes first).
        const triaged = await loop.stop();
        if (r > 0) {
          onRounds.push(result);
          runsDuringLoad += triaged.runs;
          labelledDuringLoad += triaged.labelled;
        }
      };
      const runOff = async () => {
        const result = await ingestRound(off!, count, concurrency);
        if (r > 0) offRounds.push(result);
      };
      await alternately(r, runOn, runOff);
    }

    const expected = warmUp + perRound * rounds;
    for (const desk of [on, off]) {
      const stored = await desk.db.prisma.comment.count();
      if (stored !== expected) throw new Error(`expected ${expected} stored comments, found ${stored}`);
    }
    // Catch-up: the job alone until nothing waits; then every comment must carry labels.
    const waitingAtEnd = await waitingForTriage(on);
    const catchUpStart = performance.now();
    await drainTriage(on, 600_000);
    const catchUpMs = performance.now() - catchUpStart;
    const classified = await classifiedCount(on);
    if (classified !== expected) throw new Error(`expected all ${expected} comments classified, found ${classified}`);
    if ((await off.db.prisma.aiCall.count()) !== 0) throw new Error('the desk with triage off made AI calls');

    const cost = await measureCost(on, openai, items, config);

    const onRate = median(onRounds.map((x) => x.rate));
    const offRate = median(offRounds.map((x) => x.rate));
    return {
      backend,
      options: { ...options, n: perRound * rounds },
      onRate,
      offRate,
      ratio: onRate / offRate,
      // Each measured "on" round against the "off" round next to it (ABBA pairs): how much the ratio moves.
      roundRatios: onRounds.map((x, i) => x.rate / offRounds[i]!.rate),
      onLatencyMs: median(onRounds.flatMap((x) => x.latencies)),
      offLatencyMs: median(offRounds.flatMap((x) => x.latencies)),
      stored: expected,
      runsDuringLoad,
      labelledDuringLoad,
      catchUpMs,
      catchUpRate: waitingAtEnd > 0 ? (waitingAtEnd / catchUpMs) * 1000 : Number.NaN,
      classified,
      cost,
    };
  } finally {
    await on?.stop().catch(() => {});
    await off?.stop().catch(() => {});
    for (const d of databases) await d.drop().catch(() => {});
    await openai.close().catch(() => {});
    await slackOn.close().catch(() => {});
    await slackOff.close().catch(() => {});
  }
}

const money = (v: number, currency: string) => `${v.toFixed(4)} ${currency}`;

export function formatAiTriage(r: AiTriageResult): string {
  const c = r.cost;
  const rows = [
    ['', 'comments/s', 'p50 latency ms'],
    ['POST /webhooks/comments, triage off', fmt(r.offRate, 0), fmt(r.offLatencyMs, 2)],
    ['POST /webhooks/comments, triage on', fmt(r.onRate, 0), fmt(r.onLatencyMs, 2)],
    ['ratio on ÷ off', fmt(r.ratio, 2), ''],
  ];
  const spread = [...r.roundRatios].sort((a, b) => a - b);
  const costRows = [
    ['per comment (estimate: characters ÷ 4)', 'tokens'],
    ['input (system + comment + response schema)', fmt(c.promptTokens, 0)],
    ['  of which the response schema', fmt(c.schemaTokens, 0)],
    ['output (triage JSON with reason)', fmt(c.completionTokens, 0)],
  ];
  return [
    `ai-triage on ${r.backend}: ${r.options.n} comments per side in ${r.options.rounds} rounds, ${r.options.concurrency} in flight (+ warm-up, discarded); model answers after ${r.options.modelDelayMs} ms; cards paced at ${r.options.postIntervalMs} ms per channel`,
    table(rows),
    `target ratio ≥ ${AI_TRIAGE_INGEST_TARGET}: ${verdict(r.ratio >= AI_TRIAGE_INGEST_TARGET)}`,
    `round by round (each "on" round ÷ the "off" round next to it): ${r.roundRatios.map((x) => fmt(x, 2)).join(' ')}; median ${fmt(median(spread), 2)}, from ${fmt(spread[0]!, 2)} to ${fmt(spread.at(-1)!, 2)}`,
    `triage during the measured "on" rounds: ${r.runsDuringLoad} job runs (${r.options.jobIntervalMs > 0 ? `${r.options.jobIntervalMs} ms apart` : 'back to back'}), ${r.labelledDuringLoad} comments labelled; caught up afterwards in ${fmt(r.catchUpMs / 1000, 1)} s (${fmt(r.catchUpRate, 1)} comments/s); ${r.classified} of ${r.stored} comments classified`,
    '',
    `triage cost: ${c.comments} comments of test/fixtures/ai/triage-eval.json, ${c.model} at ${c.price.input} in / ${c.price.output} out ${c.currency} per 1M tokens (config/desk.example.yaml)`,
    table(costRows),
    `cost per 1,000 comments: ${money(c.costPer1000, c.currency)} (as recorded in ai_call; from the means: ${money(c.computedCostPer1000, c.currency)})`,
    '',
    `CPU per comment (process CPU time, ${r.cpu.comments} comments, cards not paced; the stand-ins' side of each call included):`,
    table([
      ['', 'CPU ms per comment'],
      ['ingest: signed webhook, stored, card posted', fmt(r.cpu.ingestMs, 2)],
      ['triage: model call, checks, stored, card updated', fmt(r.cpu.triageMs, 2)],
      ['triage ÷ ingest', fmt(r.cpu.triageMs / r.cpu.ingestMs, 2)],
    ]),
  ].join('\n');
}

/** Rows for run-all's summary table: benchmark, db, baseline, desk, ratio, target, result. */
export function aiTriageRows(r: AiTriageResult): string[][] {
  return [
    ['ingest with AI triage on ÷ off (comments/s)', r.backend, fmt(r.offRate, 0), fmt(r.onRate, 0), fmt(r.ratio, 2), `≥ ${AI_TRIAGE_INGEST_TARGET}`, verdict(r.ratio >= AI_TRIAGE_INGEST_TARGET)],
    [`AI triage cost per 1,000 comments (${r.cost.currency}, est.)`, r.backend, '–', r.cost.costPer1000.toFixed(4), '–', '(info)', '–'],
  ];
}

if (isMain(import.meta.url)) {
  const options = defaultAiTriageOptions();
  for (const backend of selectedBackends()) {
    console.log(formatAiTriage(await runAiTriage(backend, options)));
    console.log();
  }
  process.exit(0);
}
