import type { InlineFormat } from '../../domain/inline-format.ts';
import { escapeMrkdwn } from './block-kit.ts';
import { slackDate } from './render-card.ts';

/** Values in the desk's sentences as mrkdwn: entities escaped, dates in each reader's zone, channel links. */
export const slackInline: InlineFormat = {
  literal: escapeMrkdwn,
  date: (at, style = 'full') => (style === 'ago' ? slackDate(at, '{ago}') : slackDate(at)),
  channel: (id) => `<#${id}>`,
};
