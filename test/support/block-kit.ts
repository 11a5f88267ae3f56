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
