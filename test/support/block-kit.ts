import type { SlackBlock } from '../../src/chat/slack/render-card.ts';

export type TextObject = { type: string; text: string };

/** Every text object (mrkdwn or plain_text) anywhere in the blocks. */
export function textObjects(blocks: SlackBlock[]): TextObject[] {
  const found: TextObject[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') found.push({ type: o.type, text: o.text });
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return found;
}

/**
 * Slack's documented limits (docs.slack.dev/reference/block-kit: blocks, block elements, composition
 * objects; chat.postMessage). Slack answers `invalid_blocks` for a message that breaks one, and the
 * desk treats that as permanent, so the message never appears.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blockId: 255,
  actionId: 255,
  /** Text objects in sections and context elements. */
  text: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  placeholder: 150,
  options: 100,
  optionGroups: 100,
  optionText: 75,
  optionValue: 150,
  optionGroupLabel: 75,
  imageUrl: 3000,
  altText: 2000,
  /** chat.postMessage truncates `text` beyond this. */
  messageText: 40_000,
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A lone surrogate (half of a cut emoji): Slack shows it as garbage, JSON encoders may refuse it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Everything in a message that Slack would refuse (or show broken), as readable lines; an empty list
 * means the message is valid. Walks every block and element kind the desk renders; an unknown kind
 * is reported too, so a new one gets its limits added here.
 */
export function blockKitViolations(message: { text: string; blocks: SlackBlock[] }): string[] {
  const problems: string[] = [];
  const L = SLACK_LIMITS;
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);

  const text = (where: string, t: unknown, max: number, kind?: 'plain_text' | 'mrkdwn') => {
    if (!isObj(t) || typeof t.text !== 'string') return fail(where, 'no text object');
    if (t.type !== 'plain_text' && t.type !== 'mrkdwn') fail(where, `text type ${String(t.type)}`);
    if (kind && t.type !== kind) fail(where, `must be ${kind}, is ${String(t.type)}`);
    if (t.text.length === 0) fail(where, 'empty text');
    if (t.text.length > max) fail(where, `text ${t.text.length} > ${max}`);
    if (LONE_SURROGATE.test(t.text)) fail(where, 'lone surrogate in text');
  };
  const httpUrl = (where: string, url: unknown, max: number) => {
    if (typeof url !== 'string') return fail(where, 'url is not a string');
    if (url.length > max) fail(where, `url ${url.length} > ${max}`);
    if (!/^https?:\/\/[^\s]+$/i.test(url)) fail(where, `not an http(s) url without spaces: ${url.slice(0, 80)}`);
    try {
      new URL(url);
    } catch {
      fail(where, `unparsable url: ${url.slice(0, 80)}`);
    }
  };
  const max = (where: string, what: string, value: unknown, limit: number) => {
    if (typeof value !== 'string') return fail(where, `${what} is not a string`);
    if (value.length === 0) fail(where, `${what} is empty`);
    if (value.length > limit) fail(where, `${what} ${value.length} > ${limit}`);
  };
  const option = (where: string, o: unknown) => {
    if (!isObj(o)) return fail(where, 'not an object');
    text(`${where}.text`, o.text, L.optionText, 'plain_text');
    max(where, 'value', o.value, L.optionValue);
  };
  const element = (where: string, e: unknown) => {
    if (!isObj(e)) return fail(where, 'not an object');
    if (e.action_id !== undefined) max(where, 'action_id', e.action_id, L.actionId);
    switch (e.type) {
      case 'button':
        text(`${where}.text`, e.text, L.buttonText, 'plain_text');
        if (e.value !== undefined) max(where, 'value', e.value, L.buttonValue);
        if (e.url !== undefined) httpUrl(where, e.url, L.buttonUrl);
        if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') fail(where, `style ${String(e.style)}`);
        return;
      case 'static_select': {
        text(`${where}.placeholder`, e.placeholder, L.placeholder, 'plain_text');
        const groups = e.option_groups as unknown[] | undefined;
        const options = e.options as unknown[] | undefined;
        if (!groups === !options) return fail(where, 'needs exactly one of options and option_groups');
        if (options) {
          if (options.length === 0 || options.length > L.options) fail(where, `${options.length} options`);
          options.forEach((o, i) => option(`${where}.options[${i}]`, o));
        }
        if (groups) {
          if (groups.length === 0 || groups.length > L.optionGroups) fail(where, `${groups.length} option groups`);
          let total = 0;
          groups.forEach((g, i) => {
            if (!isObj(g) || !Array.isArray(g.options)) return fail(`${where}.option_groups[${i}]`, 'no options');
            text(`${where}.option_groups[${i}].label`, g.label, L.optionGroupLabel, 'plain_text');
            if (g.options.length === 0) fail(`${where}.option_groups[${i}]`, 'empty group');
            total += g.options.length;
            g.options.forEach((o, j) => option(`${where}.option_groups[${i}].options[${j}]`, o));
          });
          if (total > L.options) fail(where, `${total} options in groups`);
        }
        return;
      }
      case 'image':
        httpUrl(where, e.image_url, L.imageUrl);
        max(where, 'alt_text', e.alt_text, L.altText);
        return;
      default:
        fail(where, `element type ${String(e.type)} has no limits in blockKitViolations`);
    }
  };

  if (typeof message.text !== 'string' || message.text.length === 0) fail('text', 'empty notification text');
  else {
    if (message.text.length > L.messageText) fail('text', `${message.text.length} > ${L.messageText}`);
    if (LONE_SURROGATE.test(message.text)) fail('text', 'lone surrogate');
  }
  if (message.blocks.length > L.blocksPerMessage) fail('blocks', `${message.blocks.length} > ${L.blocksPerMessage}`);
  message.blocks.forEach((b, i) => {
    const where = `blocks[${i}] ${String(b.type)}`;
    if (b.block_id !== undefined) max(where, 'block_id', b.block_id, L.blockId);
    switch (b.type) {
      case 'header':
        text(where, b.text, L.headerText, 'plain_text');
        return;
      case 'section': {
        if (b.text === undefined && b.fields === undefined) fail(where, 'neither text nor fields');
        if (b.text !== undefined) text(where, b.text, L.text);
        if (b.fields !== undefined) {
          const fields = b.fields as unknown[];
          if (fields.length === 0 || fields.length > L.sectionFields) fail(where, `${fields.length} fields`);
          fields.forEach((f, j) => text(`${where}.fields[${j}]`, f, L.sectionFieldText));
        }
        if (b.accessory !== undefined) element(`${where}.accessory`, b.accessory);
        return;
      }
      case 'context': {
        const elements = (b.elements as unknown[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > L.contextElements) fail(where, `${elements.length} elements`);
        elements.forEach((e, j) => {
          if (isObj(e) && e.type === 'image') element(`${where}.elements[${j}]`, e);
          else text(`${where}.elements[${j}]`, e, L.text);
        });
        return;
      }
      case 'actions': {
        const elements = (b.elements as unknown[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > L.actionsElements) fail(where, `${elements.length} elements`);
        elements.forEach((e, j) => element(`${where}.elements[${j}]`, e));
        return;
      }
      case 'image':
        if (b.slack_file === undefined) httpUrl(where, b.image_url, L.imageUrl);
        max(where, 'alt_text', b.alt_text, L.altText);
        return;
      case 'divider':
        return;
      default:
        fail(where, 'block type has no limits in blockKitViolations');
    }
  });
  return problems;
}
