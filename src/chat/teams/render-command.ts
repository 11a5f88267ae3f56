import type { CommandAnswer } from '../../domain/command-view.ts';
import type { Locale } from '../../domain/directory.ts';
import { deskJobLine, textsFor } from '../../domain/i18n.ts';
import { type RichText, cutRichTo, date, lines } from '../../domain/rich-text.ts';
import { type TeamsMessage, cardMessage, textMessage } from './adaptive-card.ts';
import { type TeamsText, type TeamsTextOptions, renderTeamsText } from './markdown.ts';
import { teamsCrisisReportListText, teamsCrisisReportText, teamsCrisisScenarioListText, teamsCrisisStatusText } from './render-crisis.ts';
import { renderTeamsDigest } from './render-digest.ts';

/** Command answers as message text, in UTF-8 bytes: well under Teams' message size. */
export const COMMAND_TEXT_BYTES_MAX = 20_000;

export interface TeamsCommandOptions extends Omit<TeamsTextOptions, 'registry' | 'locale'> {
  /** The asker's language, for answers that carry none of their own (a `text` answer's dates). */
  locale?: Locale;
}

/** Text within the byte budget, never cutting a mention or link in half. */
function messageText(rt: RichText, options: TeamsTextOptions): TeamsText {
  const measure = (r: RichText) => Buffer.byteLength(renderTeamsText(r, { ...options, registry: undefined }).text, 'utf8');
  return renderTeamsText(cutRichTo(rt, COMMAND_TEXT_BYTES_MAX, measure), options);
}

const message = (t: TeamsText): TeamsMessage => textMessage(t.text, t.mentions);

/**
 * A command's answer as the message Teams shows the person who typed it: sentences, lists and crisis
 * answers as Markdown text (with mentions), a week's figures as the digest card with Post to channel
 * when it can be posted. Dates in `options.timeZone` (the asker's).
 */
export function renderTeamsCommandAnswer(answer: CommandAnswer, options: TeamsCommandOptions = {}): TeamsMessage {
  const crisisOptions = { timeZone: options.timeZone, channelName: options.channelName };
  switch (answer.kind) {
    case 'text':
      return message(messageText(answer.text, options));
    case 'desk.status': {
      const t = textsFor(answer.locale);
      const rows = answer.rows.map((r) => t.deskStatusLine(r.teamName, r.open, r.claimed, r.overdue, r.oldestReceivedAt ? date(r.oldestReceivedAt, 'ago') : null));
      return message(messageText(lines([t.deskStatusTitle, ...rows]), { ...options, locale: answer.locale }));
    }
    case 'desk.jobs': {
      const t = textsFor(answer.locale);
      const rows = answer.jobs.map((j) => deskJobLine(j, t));
      return message(messageText(lines([t.deskJobsTitle, ...rows]), { ...options, locale: answer.locale }));
    }
    case 'crisis.status':
      return message(teamsCrisisStatusText(answer.view, crisisOptions));
    case 'crisis.scenarios':
      return message(teamsCrisisScenarioListText(answer.view, answer.locale, crisisOptions));
    case 'crisis.reports':
      return message(teamsCrisisReportListText(answer.reports, answer.locale, answer.people, crisisOptions));
    case 'crisis.report':
      return message(teamsCrisisReportText(answer.report, answer.locale, answer.people, crisisOptions));
    case 'kpi.digest':
      return cardMessage(renderTeamsDigest(answer.digest, null, { post: answer.post }));
  }
}
