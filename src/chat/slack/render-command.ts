import type { CommandAnswer } from '../../domain/command-view.ts';
import { deskJobLine, textsFor } from '../../domain/i18n.ts';
import { KPI_POST_ACTION } from './action-ids.ts';
import type { SlackBlock } from './render-card.ts';
import { date, lines } from '../../domain/rich-text.ts';
import { mrkdwn } from './mrkdwn.ts';
import { verbatimMrkdwn } from './block-kit.ts';
import { crisisStatusText, reportListText, reportText, scenarioListText } from './render-crisis.ts';
import { renderDigest } from './render-digest.ts';

/** A command's answer as the ephemeral message Slack shows the person who typed it. */
export function renderCommandAnswer(answer: CommandAnswer): { text: string; blocks?: SlackBlock[] } {
  switch (answer.kind) {
    case 'text':
      return { text: mrkdwn(answer.text) };
    case 'desk.status': {
      const t = textsFor(answer.locale);
      const rows = answer.rows.map((r) => t.deskStatusLine(r.teamName, r.open, r.claimed, r.overdue, r.oldestReceivedAt ? date(r.oldestReceivedAt, 'ago') : null));
      return { text: mrkdwn(lines([t.deskStatusTitle, ...rows])) };
    }
    case 'desk.jobs': {
      const t = textsFor(answer.locale);
      const rows = answer.jobs.map((j) => deskJobLine(j, t));
      return { text: mrkdwn(lines([t.deskJobsTitle, ...rows])) };
    }
    case 'crisis.status':
      return { text: crisisStatusText(answer.view) };
    case 'crisis.scenarios':
      return { text: scenarioListText(answer.view, answer.locale) };
    case 'crisis.reports':
      return { text: reportListText(answer.reports, answer.locale, answer.people) };
    case 'crisis.report':
      return { text: reportText(answer.report, answer.locale, answer.people) };
    case 'kpi.digest': {
      const { post } = answer;
      const message = renderDigest(answer.digest, post ? { postButton: { actionId: KPI_POST_ACTION, value: JSON.stringify({ t: post.teamId, w: post.week }) } } : {});
      return { text: message.text, blocks: verbatimMrkdwn(message.blocks) };
    }
  }
}
