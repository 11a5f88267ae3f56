import type { Locale } from '../domain/directory.ts';
import type { DeskStore } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import { acknowledgeCrisisPage } from './acknowledge-crisis-page.ts';
import { privateAnswer } from './act-on-comment.ts';
import { approveHoldingStatement } from './approve-holding-statement.ts';
import { askerOf } from './command-asker.ts';
import type { CrisisDeps, CrisisRefusal } from './crisis-deps.ts';
import { tickCrisisStep } from './tick-crisis-step.ts';
import { wordCrisisRefusal } from './word-crisis-refusal.ts';

export interface CrisisButtonInput {
  /** Acknowledge a page, approve the holding statement, or tick a checklist step (`stepId`). */
  action: 'ack' | 'approve' | 'step';
  crisisId: string;
  stepId?: string;
  platform: string;
  platformUserId: string;
  /** Where to answer the person privately when the press is refused (the channel of the click). */
  replyChannel?: string;
  /** Unique per click: a retried delivery of the same click answers once. */
  requestId: string;
  /** The language to answer in, where the surface knows the reader's; default: the member's. */
  locale?: Locale;
}

export type CrisisButtonDeps = CrisisDeps & { store: DeskStore; log: Logger };

/**
 * The Acknowledge, Approve and Done buttons of a crisis. The change is written before this returns;
 * the page and board refresh through the outbox, and a refusal reaches the person privately, also
 * through the outbox, in their language.
 */
export async function pressCrisisButton(input: CrisisButtonInput, deps: CrisisButtonDeps): Promise<{ ok: true } | CrisisRefusal> {
  const who = { platform: input.platform, platformUserId: input.platformUserId, crisisId: input.crisisId };
  const result =
    input.action === 'ack'
      ? await acknowledgeCrisisPage(who, deps)
      : input.action === 'approve'
        ? await approveHoldingStatement(who, deps)
        : input.stepId
          ? await tickCrisisStep({ ...who, stepId: input.stepId }, deps)
          : ({ ok: false, code: 'step_unknown' } as const);
  if (!result.ok) {
    const { locale } = await askerOf(deps, { ...input, channelId: input.replyChannel });
    const item = privateAnswer(input, { text: wordCrisisRefusal(result, locale, deps) });
    if (item) await deps.store.enqueue([item], deps.clock.now());
  }
  deps.log.info(
    { action: input.action, crisisId: input.crisisId, user: input.platformUserId, ok: result.ok, ...(result.ok ? {} : { refused: result.code }) },
    'crisis button',
  );
  return result.ok ? { ok: true } : result;
}
