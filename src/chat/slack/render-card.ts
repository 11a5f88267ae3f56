import type { CardView, RouteOption } from '../../domain/card-view.ts';
import { excerptText, plainName } from '../../domain/untrusted-text.ts';
import { DRAFT_REPLY_ACTION, SAVED_REPLY_ACTION, SUGGESTED_ROUTE_ACTION, SlackActionId, cardActionsBlockId } from './action-ids.ts';
import { cardTriageLines } from '../card-triage.ts';
import { mrkdwn, slackDate } from './mrkdwn.ts';
import { date } from '../../domain/rich-text.ts';
import { BUTTON_TEXT_MAX, BUTTON_VALUE_MAX, FALLBACK_MAX, OPTION_TEXT_MAX, OPTION_VALUE_MAX, SECTION_TEXT_MAX, cut, escapeMrkdwn, mrkdwnName, mrkdwnText, safeUrl } from './block-kit.ts';

export { escapeMrkdwn } from './block-kit.ts';
export { slackDate } from './mrkdwn.ts';

/** Block Kit limits we render within (docs.slack.dev/reference/block-kit). */
const OPTIONS_MAX = 100;
/** Commenters' names on the card: long enough for any real name, short enough to keep the card readable. */
const AUTHOR_MAX = 80;
/** Team names and source labels in the header line. */
const LABEL_MAX = 80;
/** The comment in the notification text (a preview on a lock screen). */
const FALLBACK_EXCERPT_MAX = 200;

export type SlackBlock = { type: string } & Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export const PRIORITY_ICON = { crisis: '🚨', high: '🔴', normal: '🟡', low: '⚪' } as const;
const STATUS_ICON = { open: '📥', claimed: '🙋', answered: '✅', dismissed: '🗑️', removed: '🚫' } as const;

/**
 * The comment as a quote ("> " before every line) in at most `budget` characters, the note about
 * shortening included. Lines are added whole while they fit; the first that does not is cut (never
 * inside an entity or a surrogate pair) and the note follows. Texts of many short lines cost three
 * characters per line, so the budget is counted on the quoted text, not the raw one.
 */
function quote(text: string, budget: number, truncatedNote: string): string {
  const lines = mrkdwnText(text.trim() || '—').split('\n');
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = `${i ? '\n' : ''}> ${lines[i]}`;
    if (out.length + line.length <= budget && (i === lines.length - 1 || out.length + line.length + truncatedNote.length <= budget)) {
      out += line;
      continue;
    }
    // Not everything fits: keep what does, with room for the note.
    const room = budget - truncatedNote.length - out.length;
    if (room > (i ? 3 : 2)) out += cut(line, room, '');
    return `${cut(out, Math.max(0, budget - truncatedNote.length), '')}${truncatedNote}`;
  }
  return out;
}

/**
 * AI triage under the header: the labels (or "not classified") and its notes as a context line, the
 * suggested team as a section whose button routes there in one click (the route choice's own value,
 * under its own action id). Nothing when triage has not run.
 */
function triageBlocks(view: CardView): SlackBlock[] {
  const triage = cardTriageLines(view);
  if (!triage) return [];
  const lines = [triage.labels, ...(triage.warning ? [triage.warning] : []), ...triage.notes].map((l) => mrkdwn(l));
  const blocks: SlackBlock[] = [{ type: 'context', elements: [{ type: 'mrkdwn', text: cut(lines.join('\n'), SECTION_TEXT_MAX) }] }];
  if (triage.suggestion) {
    const section: SlackBlock = { type: 'section', text: { type: 'mrkdwn', text: cut(mrkdwn(triage.suggestion), SECTION_TEXT_MAX) } };
    const value = triage.route && JSON.stringify({ c: view.commentId, v: view.version, r: triage.route.value });
    // A value Slack would refuse (an id from a hand-edited configuration) leaves the line without its button.
    if (triage.route && value && value.length <= BUTTON_VALUE_MAX) {
      section.accessory = { type: 'button', action_id: SUGGESTED_ROUTE_ACTION, text: { type: 'plain_text', text: plainName(triage.route.label, BUTTON_TEXT_MAX) }, value };
    }
    blocks.push(section);
  }
  return blocks;
}

function option(o: RouteOption) {
  return { text: { type: 'plain_text', text: plainName(o.label, OPTION_TEXT_MAX), emoji: true }, value: o.value };
}

/**
 * The team's saved replies as a select (the titles are configuration, shown as plain text); the
 * comment id comes from the actions block's block_id, as for the route select. Nothing without any.
 */
function savedReplySelect(view: CardView): SlackBlock | null {
  // An id Slack would refuse as an option value (the configuration keeps ids far shorter) is left out.
  const options = view.savedReplies
    .filter((r) => r.id.length > 0 && r.id.length <= OPTION_VALUE_MAX)
    .slice(0, OPTIONS_MAX)
    .map((r) => ({ text: { type: 'plain_text', text: plainName(r.title, OPTION_TEXT_MAX), emoji: true }, value: r.id }));
  if (!options.length) return null;
  return {
    type: 'static_select',
    action_id: SAVED_REPLY_ACTION,
    placeholder: { type: 'plain_text', text: view.texts.draft.savedReplyPlaceholder, emoji: true },
    options,
  };
}

export interface SlackCardOptions {
  /** Reply drafts are set up: active, open cards get a Draft reply button, and the saved-reply select when the team has any. */
  drafts?: boolean;
}

export function renderCard(view: CardView, options: SlackCardOptions = {}): SlackMessage {
  const t = view.texts;
  const header = [
    `${STATUS_ICON[view.status]} *${view.statusLabel}*`,
    `*${mrkdwnName(view.sourceLabel, LABEL_MAX)}*`,
    `${PRIORITY_ICON[view.priority]} ${view.priorityLabel}`,
    mrkdwnName(view.teamName, LABEL_MAX),
  ].join('  ·  ');
  // The author is capped (at most 80 characters, 400 once escaped), so the quote always has room.
  const authorLine = `*${mrkdwnName(view.author, AUTHOR_MAX)}*${view.edited ? ` _(${t.edited})_` : ''}`;
  const quoteBudget = SECTION_TEXT_MAX - authorLine.length - 1;
  const blocks: SlackBlock[] = [];
  if (view.isDrill) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `🧪 *${t.drill}*` }] });
  if (view.inCrisis) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `🚨 *${t.inCrisis}*` }] });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: header } });
  blocks.push(...triageBlocks(view));
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${authorLine}\n${quote(view.text, quoteBudget, t.truncated)}` } });
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `${t.written} ${slackDate(view.createdAt)}  ·  ${t.received} ${slackDate(view.receivedAt, '{ago}')}` },
    ],
  });
  if (view.state.length) {
    const lines = view.state.map((s) => mrkdwn(s.text(s.at ? [date(s.at)] : ''))).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(lines, SECTION_TEXT_MAX) } });
  }
  if (view.serviceLevel.length) {
    // Context blocks take at most 10 elements; the lines fit in one.
    const lines = view.serviceLevel.map((s) => mrkdwn(s.text(s.at ? [date(s.at)] : ''))).join('\n');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(lines, SECTION_TEXT_MAX) }] });
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
            // An option value Slack would refuse (over 150 characters: an id from a hand-edited configuration) is left out.
            const options = g.options.filter((o) => o.value.length <= OPTION_VALUE_MAX).slice(0, left).map(option);
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
  // Cards offer actions only while active and open; a draft is for those too. 25 elements fit an actions block.
  if (options.drafts && view.actions.length) {
    elements.push({ type: 'button', action_id: DRAFT_REPLY_ACTION, text: { type: 'plain_text', text: t.button.draft, emoji: true }, value });
    const saved = savedReplySelect(view);
    if (saved) elements.push(saved);
  }
  // A link Slack would refuse (over 3,000 characters, not http(s)) leaves the button out rather than the whole card.
  const permalink = safeUrl(view.permalink);
  if (permalink) {
    elements.push({ type: 'button', action_id: SlackActionId.openOriginal, text: { type: 'plain_text', text: t.button.open, emoji: true }, url: permalink });
  }
  if (elements.length) blocks.push({ type: 'actions', block_id: cardActionsBlockId(view.commentId), elements });

  const fallback = `${view.statusLabel} · ${plainName(view.sourceLabel, LABEL_MAX)} · ${plainName(view.author, AUTHOR_MAX)}: ${excerptText(view.text, FALLBACK_EXCERPT_MAX) || '—'}`;
  return { text: cut(escapeMrkdwn(fallback), FALLBACK_MAX), blocks };
}
