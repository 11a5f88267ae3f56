import { describe, expect, it } from 'vitest';
import { MSTEAMS } from '../../../src/chat/teams/markdown.ts';
import { renderTeamsNotice } from '../../../src/chat/teams/render-notice.ts';
import { textsFor } from '../../../src/domain/i18n.ts';
import { mention, rich, untrusted } from '../../../src/domain/rich-text.ts';
import { MARKUP_CHARACTERS, mentionViolations, withoutOwnMarkup } from '../../support/adaptive-card.ts';

const ANNA = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const members = (id: string) => (id === 'anna' ? { identities: [{ platform: MSTEAMS, userId: ANNA }] } : undefined);

describe('renderTeamsNotice', () => {
  it('a plain notice: a Markdown message without entities', () => {
    expect(renderTeamsNotice({ text: 'You already hold this comment.' })).toEqual({ type: 'message', textFormat: 'markdown', text: 'You already hold this comment.' });
  });

  it('a stranger’s words in a notice stay text; a person is mentioned with an entity', () => {
    const t = textsFor('en');
    const notice = { text: t.routedToYou('Ben Meyer', untrusted('<at>Anna</at> **x**'), untrusted('[click](https://evil.example)\n- hi')) };
    const message = renderTeamsNotice(notice, { members });
    expect(message.text).toBe('**Ben Meyer** passed you a comment by ＜at＞Anna＜/at＞ ∗∗x∗∗: “［click］(https://evil.example)\n\n‐ hi”');
    expect(message.entities).toBeUndefined();
    expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(message.text!))).toBe(false);

    const mentioned = renderTeamsNotice({ text: rich`${mention('anna', 'Anna Schmidt')} has already claimed this comment.` }, { members });
    expect(mentioned.text).toBe('<at>Anna Schmidt</at> has already claimed this comment.');
    expect(mentioned.entities).toEqual([{ type: 'mention', text: '<at>Anna Schmidt</at>', mentioned: { id: ANNA, name: 'Anna Schmidt' } }]);
    expect(mentionViolations(mentioned.entities!, [mentioned.text!])).toEqual([]);
  });

  it('the original’s link on its own line, worded in the reader’s language; only http(s)', () => {
    const url = 'https://www.instagram.com/p/abc/c/1/';
    expect(renderTeamsNotice({ text: 'A comment was routed to Legal.', permalink: url }, { locale: 'de' }).text).toBe(`A comment was routed to Legal.\n\n[Original öffnen](${url})`);
    expect(renderTeamsNotice({ text: 'x', permalink: url }).text).toBe(`x\n\n[Open original](${url})`);
    expect(renderTeamsNotice({ text: 'x', permalink: 'javascript:alert(1)' }).text).toBe('x');
  });

  it('a long notice is cut, never inside a mention', () => {
    const message = renderTeamsNotice({ text: rich`${untrusted('y'.repeat(2990))} ${mention('anna', 'Anna Schmidt')} ${'z'.repeat(5000)}` }, { members });
    expect(message.text!.length).toBeLessThanOrEqual(3000);
    expect(message.text).not.toContain('<at>');
    expect(message.entities).toBeUndefined();
  });
});
