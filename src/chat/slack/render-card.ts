import type { CardView, RouteOption } from '../../domain/card-view.ts';
import { SlackActionId, cardActionsBlockId } from './action-ids.ts';

/** Block Kit limits we render within (api.slack.com/reference/block-kit). */
const SECTION_TEXT_MAX = 3000;
const OPTION_TEXT_MAX = 75;
const OPTIONS_MAX = 100;

export type SlackBlock = { type: string } & Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export const PRIORITY_ICON = { crisis: '🚨', high: '🔴', normal: '🟡', low: '⚪' } as const;
const STATUS_ICON = { open: '📥', claimed: '🙋', answered: '✅', dismissed: '🗑️', removed: '🚫' } as const;

/** Slack renders `<!date^…>` in each reader's own time zone and language settings. */
export function slackDate(at: Date, format = '{date_short_pretty} {time}'): string {
  const unix = Math.floor(at.getTime() / 1000);
  return `<!date^${unix}^${format}|${at.toISOString()}>`;
}

/** Slack mrkdwn treats &, < and > as control characters; comment texts are untrusted. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Quotes the text in at most `budget` characters (quote markers included); says so when it had to cut. */
function quote(text: string, budget: number, truncatedNote: string): string {
  const quoted = (s: string) =>
    s
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
  const escaped = escapeMrkdwn(text.trim() || '—');
  const whole = quoted(escaped);
  if (whole.length <= budget) return whole;
  // Markers add two characters per line, so cut by the quoted length, not the raw one.
  let keep = Math.min(escaped.length, budget);
  let cut = quoted(escaped.slice(0, keep));
  while (cut.length + truncatedNote.length > budget && keep > 0) {
    keep -= Math.max(1, cut.length + truncatedNote.length - budget);
    cut = quoted(escaped.slice(0, keep));
  }
  // Never end inside an HTML entity such as &amp;.
  return `${cut.replace(/&[a-z]*$/, '')}${truncatedNote}`;
}

function option(o: RouteOption) {
  const label = o.label.length > OPTION_TEXT_MAX ? `${o.label.slice(0, OPTION_TEXT_MAX - 1)}…` : o.label;
  return { text: { type: 'plain_text', text: label, emoji: true }, value: o.value };
}

export function renderCard(view: CardView): SlackMessage {
  const t = view.texts;
  const header = [
    `${STATUS_ICON[view.status]} *${view.statusLabel}*`,
    `*${escapeMrkdwn(view.sourceLabel)}*`,
    `${PRIORITY_ICON[view.priority]} ${view.priorityLabel}`,
    escapeMrkdwn(view.teamName),
  ].join('  ·  ');
  const authorLine = `*${escapeMrkdwn(view.author)}*${view.edited ? ` _(${t.edited})_` : ''}`;
  // Leave room for the author line and quote markers ("> " per line) within the section limit.
  const quoteBudget = SECTION_TEXT_MAX - authorLine.length - 200;
  const blocks: SlackBlock[] = [];
  if (view.isDrill) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `🧪 *${t.drill}*` }] });
  if (view.inCrisis) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `🚨 *${t.inCrisis}*` }] });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: header } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${authorLine}\n${quote(view.text, quoteBudget, t.truncated)}` } });
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `${t.written} ${slackDate(view.createdAt)}  ·  ${t.received} ${slackDate(view.receivedAt, '{ago}')}` },
    ],
  });
  if (view.state.length) {
    const lines = view.state.map((s) => s.text(s.at ? slackDate(s.at) : '')).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.slice(0, SECTION_TEXT_MAX) } });
  }
  if (view.serviceLevel.length) {
    // Context blocks take at most 10 elements; the lines fit in one.
    const lines = view.serviceLevel.map((s) => s.text(s.at ? slackDate(s.at) : '')).join('\n');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: lines.slice(0, SECTION_TEXT_MAX) }] });
  }

  const elements: SlackBlock[] = [];
  const value = JSON.stringify({ c: view.commentId, v: view.version });
  for (const action of view.actions) {
    if (action === 'route') {
      const groups = [
        { label: t.routeGroupTeams, options: view.routeOptions.teams },
        { label: t.routeGroupPeople, options: view.routeOptions.people },
      ].filter((g) => g.options.length);
      if (!groups.length) continue;
      let left = OPTIONS_MAX;
      elements.push({
        type: 'static_select',
        action_id: SlackActionId.route,
        placeholder: { type: 'plain_text', text: t.button.route, emoji: true },
        option_groups: groups
          .map((g) => {
            const options = g.options.slice(0, left).map(option);
            left -= options.length;
            return { label: { type: 'plain_text', text: g.label }, options };
          })
          .filter((g) => g.options.length),
      });
      continue;
    }
    elements.push({
      type: 'button',
      action_id: SlackActionId[action],
      text: { type: 'plain_text', text: t.button[action], emoji: true },
      value,
      ...(action === 'claim' ? { style: 'primary' } : {}),
    });
  }
  if (view.permalink) {
    elements.push({ type: 'button', action_id: SlackActionId.openOriginal, text: { type: 'plain_text', text: t.button.open, emoji: true }, url: view.permalink });
  }
  if (elements.length) blocks.push({ type: 'actions', block_id: cardActionsBlockId(view.commentId), elements });

  const fallback = `${view.statusLabel} · ${view.sourceLabel} · ${view.author}: ${view.text.replace(/\s+/g, ' ').slice(0, 200)}`;
  return { text: escapeMrkdwn(fallback), blocks };
}
