import { budgetState, monthBounds, monthKey } from '../domain/ai-budget.ts';
import type { Locale } from '../domain/directory.ts';
import { textsFor } from '../domain/i18n.ts';
import type { Clock } from '../domain/ports.ts';
import type { RichText } from '../domain/rich-text.ts';
import type { DeskAiDeps } from './run-desk-command.ts';

/** `/desk ai`: the month's calls, tokens and cost, and what the budget switched off. */
export async function reportAiUsage(deps: { ai?: DeskAiDeps; clock: Clock }, locale: Locale): Promise<RichText> {
  const t = textsFor(locale);
  const ai = deps.ai;
  if (!ai?.triage) return t.deskAiOff;
  const now = deps.clock.now();
  const month = monthKey(now, ai.timeZone);
  const { start, end } = monthBounds(month, ai.timeZone);
  const s = await ai.aiCalls.monthSummary(start, end);
  const state = budgetState(s.cost, ai.monthlyBudget);
  const money = (v: number) => `${v.toFixed(2)} ${ai.currency}`;
  return t.deskAi({
    month,
    calls: s.calls,
    triageCalls: s.byKind.triage?.calls ?? 0,
    draftCalls: s.byKind.draft?.calls ?? 0,
    tokensIn: s.promptTokens,
    tokensOut: s.completionTokens,
    cost: money(s.cost),
    budget: ai.monthlyBudget === null ? null : money(ai.monthlyBudget),
    percent: ai.monthlyBudget ? Math.floor((s.cost / ai.monthlyBudget) * 100) : ai.monthlyBudget === 0 ? 100 : null,
    triage: state !== 'triage_off',
    drafts: false,
    switchedOff: t.deskAiBudgetOff[state],
  });
}
