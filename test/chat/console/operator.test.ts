import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { ConsoleUseCaseDeps } from '../../../src/chat/console/console-deps.ts';
import { consoleTexts } from '../../../src/chat/console/console-texts.ts';
import type { ConsoleRequest } from '../../../src/chat/console/create-console.ts';
import { operatorSection } from '../../../src/chat/console/operator.ts';
import { parseEnv } from '../../../src/config.ts';
import { buildDirectory } from '../../../src/desk-config/build-directory.ts';
import { deskConfigSchema } from '../../../src/desk-config/desk-config-schema.ts';
import type { MemberInfo } from '../../../src/domain/directory.ts';
import type { OperatorReads, RetryTarget } from '../../../src/domain/operator-reads.ts';
import { createLogger } from '../../../src/logger.ts';
import { FakeClock } from '../../support/fake-clock.ts';

const CONFIG = deskConfigSchema.parse({
  defaultTeam: 'community',
  teams: [{ id: 'community', name: 'Community', slackChannel: 'C0COMMUNITY', lead: 'lena' }],
  members: [
    { id: 'ops', name: 'Ops', roles: ['admin'] },
    { id: 'lena', name: 'Lena', roles: ['agent'], teams: ['community'] },
    { id: 'deniz', name: 'Deniz', roles: ['agent'], teams: ['community'] },
  ],
});

/** Reads that remember what was retried; `failed` ids are the ones that failed. */
function fakeReads(failed: bigint[]) {
  const retried: RetryTarget[] = [];
  const reads: OperatorReads = {
    outboxTotals: async () => ({ pending: 0, failed: failed.length, doneSince: 0, oldestPendingAt: null }),
    failedDeliveries: async () => [],
    channelDeliveries: async () => [],
    storedConversations: async () => [],
    async retryFailed(target) {
      retried.push(target);
      if (target === 'all') return failed.splice(0).length;
      const i = failed.indexOf(target.id);
      if (i < 0) return 0;
      failed.splice(i, 1);
      return 1;
    },
  };
  return { reads, retried };
}

function section(failed: bigint[]) {
  const directory = buildDirectory(CONFIG);
  const { reads, retried } = fakeReads(failed);
  let wakes = 0;
  const routes = operatorSection({
    env: parseEnv({}),
    config: CONFIG,
    directory,
    clock: new FakeClock('2026-11-18T10:00:00Z'),
    log: createLogger('silent'),
    deps: {} as ConsoleUseCaseDeps,
    platforms: { slack: 'off', msteams: 'off' },
    reads,
    wakeOutbox: () => void wakes++,
  }).routes;
  return { routes, directory, retried, wakes: () => wakes };
}

/** A JSON action request of the page's script, and what it was answered. */
function request(member: MemberInfo | undefined, form: Record<string, string>) {
  const answer: { status?: number; body?: { ok: boolean; message: string } } = {};
  const res = {
    writeHead(status: number) {
      answer.status = status;
      return this;
    },
    end(text: string) {
      answer.body = JSON.parse(text) as { ok: boolean; message: string };
    },
  } as unknown as ServerResponse;
  const c = { res, member, locale: 'en', t: consoleTexts('en'), form: new URLSearchParams(form), wantsJson: true, requestId: 'r1' } as unknown as ConsoleRequest;
  return { c, answer };
}

describe('retrying failed deliveries from the operator page', () => {
  it('puts a row back in line for a team’s configured lead and wakes the delivery loop', async () => {
    const { routes, directory, retried, wakes } = section([7n]);
    const { c, answer } = request(directory.member('lena'), { id: '7' });
    await routes['POST /console/operator/retry']!(c);
    expect(answer).toEqual({ status: 200, body: { ok: true, message: 'Delivery 7 is back in line.', retried: 1 } });
    expect(retried).toEqual([{ id: 7n }]);
    expect(wakes()).toBe(1);
  });

  it('does not wake the loop when nothing came back', async () => {
    const { routes, directory, wakes } = section([]);
    const { c, answer } = request(directory.member('ops'), { all: '1' });
    await routes['POST /console/operator/retry']!(c);
    expect(answer).toEqual({ status: 200, body: { ok: true, message: 'There were no failed deliveries to retry.', retried: 0 } });
    expect(wakes()).toBe(0);
  });

  it.each([
    ['nobody chosen', undefined, { id: '7' }, 403, 'Choose who you are first'],
    ['an agent', 'deniz', { id: '7' }, 403, 'Only desk admins and team leads may retry deliveries.'],
    ['no target', 'ops', {}, 400, 'Say which delivery to retry'],
    ['a target that is not a row number', 'ops', { id: '7; DROP TABLE outbox' }, 400, 'Say which delivery to retry'],
  ] as const)('refuses %s, touching nothing', async (_what, memberId, form, status, words) => {
    const { routes, directory, retried, wakes } = section([7n]);
    const { c, answer } = request(memberId ? directory.member(memberId) : undefined, form);
    await routes['POST /console/operator/retry']!(c);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ ok: false, message: expect.stringContaining(words) });
    expect(retried).toEqual([]);
    expect(wakes()).toBe(0);
  });
});
