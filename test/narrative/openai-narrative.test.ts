import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NarrativeFacts, narrativeFacts, templateNarrative } from '../../src/domain/digest-narrative.ts';
import { type WeeklyFigures, evaluateGoals } from '../../src/domain/kpi.ts';
import { NARRATIVE_TEMPERATURE, createNarrativeWriter, overallDeadlineMs } from '../../src/narrative/openai-narrative.ts';
import { type OpenAiStandIn, startOpenAiStandIn } from '../support/openai-stand-in.ts';

const MINUTE = 60_000;
const KEY = 'sk-test-digest-0001';
const MODEL = 'gpt-4.1-mini';
const COMMENT_TEXT = 'I want my money back, this is a scam!!!';

function figures(): WeeklyFigures {
  const f: WeeklyFigures = {
    teamId: 'team-care',
    week: { label: '2026-W47', start: new Date('2026-11-15T23:00:00Z'), end: new Date('2026-11-22T23:00:00Z'), timeZone: 'Europe/Berlin' },
    received: 1234,
    answered: 1150,
    dismissed: 40,
    routed: 31,
    firstResponseMedianMs: 65.3 * MINUTE,
    firstResponseP90Ms: 252 * MINUTE,
    firstResponseMedianClockMs: 98.6 * MINUTE,
    firstResponseP90ClockMs: 400 * MINUTE,
    withinTargetShare: 0.8721,
    responseRate: 0.93365,
    backlogStart: 57,
    backlogEnd: 64,
    overdueNow: 11,
    escalations: { reminders: 23, channel: 6, lead: 2 },
    bySource: [
      { source: 'instagram', received: 712, answered: 668, medianFirstResponseMs: 61 * MINUTE },
      { source: 'facebook', received: 402, answered: 371, medianFirstResponseMs: 70 * MINUTE },
    ],
    byPerson: [
      { memberId: 'U0ANNA001', claimed: 420, answered: 412, medianResponseMs: 39 * MINUTE },
      { memberId: 'U0BEN0002', claimed: 401, answered: 388, medianResponseMs: 44 * MINUTE },
    ],
    byDepartment: [],
    byDay: [],
    drills: [],
  };
  // Whatever else rides along on the figures must not reach the model.
  return Object.assign(f, { latestComments: [{ id: 'cmt_77a1', author: 'Max Mustermann', text: COMMENT_TEXT }] });
}

function facts(): NarrativeFacts {
  const f = figures();
  const goals = evaluateGoals([{ metric: 'firstResponseMedian', comparison: '<=', target: 60 * MINUTE }], f, null);
  return narrativeFacts({ figures: f, previous: null, goals, teamName: 'Customer Care', names: { U0ANNA001: 'Anna Berg', U0BEN0002: 'Ben Okafor' } });
}

const GOOD_EN =
  'In 2026-W47, 1,234 comments came in and you answered 1,150, a response rate of 93.4 %. The median first response took 1 h 5 min, just over the goal of 1 h. The backlog grew from 57 to 64.';
const GOOD_DE =
  'In KW 47 sind 1.234 Kommentare eingegangen, 1.150 habt ihr beantwortet – 93,4 %. Die erste Reaktion kam im Median nach 1 Std. 5 Min., knapp über eurem Ziel von 1 Std.';

interface Warning {
  obj: Record<string, unknown>;
  msg: string;
}

describe('createNarrativeWriter against the OpenAI stand-in', () => {
  let standIn: OpenAiStandIn;
  let warnings: Warning[];
  const log = { warn: (obj: object, msg: string) => warnings.push({ obj: obj as Record<string, unknown>, msg }) };
  const writer = (over: { apiKey?: string; timeoutMs?: number } = {}) =>
    createNarrativeWriter({ apiKey: 'apiKey' in over ? over.apiKey : KEY, baseURL: standIn.url, model: MODEL, timeoutMs: over.timeoutMs ?? 5_000 }, log);

  beforeEach(async () => {
    standIn = await startOpenAiStandIn({ apiKey: KEY });
    warnings = [];
  });
  afterEach(async () => {
    await standIn.close();
  });

  it('uses the model text when every number in it is a figure', async () => {
    standIn.reply(GOOD_EN);
    const result = await writer()(facts(), 'en');
    expect(result).toEqual({ text: GOOD_EN, source: 'model' });
    expect(warnings).toEqual([]);
    expect(standIn.requests()).toHaveLength(1);
  });

  it('sends one chat completion: the key as a bearer token, a system prompt and the facts JSON, low temperature', async () => {
    standIn.reply(GOOD_DE);
    const f = facts();
    expect(await writer()(f, 'de')).toEqual({ text: GOOD_DE, source: 'model' });
    const [request] = standIn.requests();
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.body?.model).toBe(MODEL);
    expect(request?.body?.temperature).toBe(NARRATIVE_TEMPERATURE);
    expect(NARRATIVE_TEMPERATURE).toBeLessThanOrEqual(0.3);
    const messages = request?.body?.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const system = String(messages[0]?.content);
    expect(system).toContain('2–4 sentences');
    expect(system).toContain('German');
    expect(system).toContain('du');
    expect(system).toContain('Use only numbers that appear in the JSON');
    expect(system).toContain('No lists');
    expect(system).toContain('Do not invent causes');
    expect(messages[1]?.content).toBe(JSON.stringify(f));
    expect(JSON.parse(String(messages[1]?.content))).toEqual(f);
  });

  it('never sends comment texts, authors or ids', async () => {
    standIn.reply(GOOD_EN);
    await writer()(facts(), 'en');
    const raw = standIn.requests()[0]?.rawBody ?? '';
    expect(raw).toContain('Anna Berg');
    for (const forbidden of [COMMENT_TEXT, 'Max Mustermann', 'cmt_77a1', 'U0ANNA001', 'team-care']) expect(raw).not.toContain(forbidden);
  });

  it('asks for English in English', async () => {
    standIn.reply(GOOD_EN);
    await writer()(facts(), 'en');
    const system = String(standIn.requests()[0]?.body?.messages?.[0]?.content);
    expect(system).toContain('Write in English');
    expect(system).not.toContain('Write in German');
  });

  it('falls back to the template when the model states a number that is no figure, and logs the numbers, not the facts', async () => {
    standIn.reply('In 2026-W47, 1,300 comments came in; the median first response took 2 h 5 min, most likely because of the campaign.');
    const f = facts();
    const result = await writer()(f, 'en');
    expect(result).toEqual({ text: templateNarrative(f, 'en'), source: 'template', rejected: 'numbers not in the figures: 1,300, 2 h 5 min' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.obj).toMatchObject({ unknown: ['1,300', '2 h 5 min'], model: MODEL });
    const logged = JSON.stringify(warnings[0]);
    for (const fact of ['Anna Berg', 'instagram', 'Customer Care', '1150', 'campaign']) expect(logged).not.toContain(fact);
  });

  it('falls back on a link or a mention in the model text', async () => {
    standIn.reply('1,234 comments came in, see https://example.com.', 'Great week, <!channel>: 1,150 answered.');
    expect(await writer()(facts(), 'en')).toMatchObject({ source: 'template', rejected: 'text contains a link' });
    expect(await writer()(facts(), 'en')).toMatchObject({ source: 'template', rejected: 'text contains a mention' });
  });

  it('falls back on an empty, refused or cut-off reply', async () => {
    standIn.reply('', { content: null, refusal: 'I cannot help with that.' }, { content: 'In 2026-W47, 1,234 comments came in and', finishReason: 'length' });
    expect(await writer()(facts(), 'en')).toMatchObject({ source: 'template', rejected: 'empty reply' });
    expect(await writer()(facts(), 'en')).toMatchObject({ source: 'template', rejected: 'refused' });
    expect(await writer()(facts(), 'en')).toMatchObject({ source: 'template', rejected: 'cut off (finish_reason length)' });
    expect(warnings).toHaveLength(3);
  });

  it('falls back on HTTP 500 after one retry', async () => {
    standIn.fail({ status: 500 }, { status: 500 });
    standIn.reply(GOOD_EN);
    const f = facts();
    expect(await writer()(f, 'de')).toEqual({ text: templateNarrative(f, 'de'), source: 'template', rejected: 'http 500' });
    expect(standIn.requests()).toHaveLength(2);
    expect(warnings[0]?.obj).toMatchObject({ rejected: 'http 500', status: 500 });
  });

  it('uses the model text when the one retry after a 500 succeeds', async () => {
    standIn.fail({ status: 500 });
    standIn.reply(GOOD_EN);
    expect(await writer()(facts(), 'en')).toEqual({ text: GOOD_EN, source: 'model' });
    expect(standIn.requests()).toHaveLength(2);
  });

  it('falls back on 429 after waiting its retry-after once', async () => {
    standIn.fail({ status: 429, retryAfterSeconds: 1 }, { status: 429, retryAfterSeconds: 1 });
    expect(await writer()(facts(), 'en')).toMatchObject({ source: 'template', rejected: 'http 429' });
    const [first, retry] = standIn.requests();
    expect(standIn.requests()).toHaveLength(2);
    // A lower bound on the client's own pause: a slow machine only makes the gap longer.
    expect(retry!.receivedAt.getTime() - first!.receivedAt.getTime()).toBeGreaterThanOrEqual(900);
  });

  it('does not wait out a long retry-after: the whole call has a deadline', async () => {
    standIn.fail({ status: 429, retryAfterSeconds: 30 });
    expect(await writer({ timeoutMs: 400 })(facts(), 'en')).toMatchObject({ source: 'template', rejected: 'timeout' });
    // The deadline (well before the 30 s) ended the call: the client never got to its retry, which
    // the stand-in would have answered with a usable text.
    expect(overallDeadlineMs(400)).toBeLessThan(30_000);
    expect(standIn.requests()).toHaveLength(1);
  });

  it('falls back when the model does not answer within the timeout', async () => {
    standIn.fail({ delayMs: 5_000 }, { delayMs: 5_000 });
    standIn.reply(GOOD_EN);
    const f = facts();
    expect(await writer({ timeoutMs: 300 })(f, 'en')).toEqual({ text: templateNarrative(f, 'en'), source: 'template', rejected: 'timeout' });
    // Given up before the stand-in answered anything: the writer did not wait out the slow answers.
    expect(standIn.answered()).toBe(0);
  });

  it('falls back when the connection drops', async () => {
    standIn.fail({ status: 'reset' }, { status: 'reset' });
    expect(await writer()(facts(), 'en')).toMatchObject({ source: 'template', rejected: 'connection failed' });
  });

  it('falls back on a wrong key (the stand-in checks the bearer token)', async () => {
    const result = await writer({ apiKey: 'sk-wrong' })(facts(), 'en');
    expect(result).toMatchObject({ source: 'template', rejected: 'http 401' });
    expect(standIn.requests()[0]?.headers.authorization).toBe('Bearer sk-wrong');
  });

  it('writes the template without a key and makes no request', async () => {
    standIn.reply(GOOD_EN);
    const f = facts();
    for (const apiKey of [undefined, '']) {
      expect(await writer({ apiKey })(f, 'en')).toEqual({ text: templateNarrative(f, 'en'), source: 'template' });
      expect(await writer({ apiKey })(f, 'de')).toEqual({ text: templateNarrative(f, 'de'), source: 'template' });
    }
    expect(standIn.requests()).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('the OpenAI stand-in', () => {
  let standIn: OpenAiStandIn;
  beforeEach(async () => {
    standIn = await startOpenAiStandIn();
  });
  afterEach(async () => {
    await standIn.close();
  });

  const post = (body: unknown, headers: Record<string, string> = { authorization: 'Bearer sk-any' }) =>
    fetch(`${standIn.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('answers a chat.completion object, from a function of the request when scripted so', async () => {
    standIn.reply((request) => `You sent ${request.body?.messages?.length ?? 0} messages.`);
    const response = await post({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-test',
      choices: [{ index: 0, message: { role: 'assistant', content: 'You sent 1 messages.' }, finish_reason: 'stop' }],
    });
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(typeof body.created).toBe('number');
    expect(body.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) });
  });

  it('rejects requests without a bearer token, a model or messages, in the OpenAI error format', async () => {
    expect((await post({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, {})).status).toBe(401);
    const noModel = await post({ messages: [{ role: 'user', content: 'x' }] });
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'model' } });
    expect((await post({ model: 'm', messages: [] })).status).toBe(400);
    expect(standIn.requests()).toHaveLength(3);
  });

  it('sends retry-after with a 429', async () => {
    standIn.fail({ status: 429, retryAfterSeconds: 7 });
    const response = await post({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
  });
});
