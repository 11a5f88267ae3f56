import { describe, expect, it } from 'vitest';
import { membersOf, mrkdwn, slackDate } from '../../../src/chat/slack/mrkdwn.ts';
import { mentionableSlackUserIdOf as slackUserIdOf } from '../../../src/chat/slack/slack-identity.ts';
import { Directory } from '../../../src/domain/directory.ts';
import { textsFor } from '../../../src/domain/i18n.ts';
import { bold, channel, code, cutRich, date, italic, link, mention, rich, untrusted } from '../../../src/domain/rich-text.ts';

const AT = new Date('2026-03-10T09:05:00.000Z');
const members = (id: string) => ({ anna: { identities: [{ platform: 'slack', userId: 'U0ANNA0001' }] }, bad: { identities: [{ platform: 'slack', userId: 'U0<!here>' }] } })[id];

describe('mrkdwn', () => {
  it('escapes our words, so nobody writes entities by hand', () => {
    expect(mrkdwn('a & b <c> *d*')).toBe('a &amp; b &lt;c&gt; *d*');
    expect(mrkdwn(rich`Usage: ${code('/crisis update <text>')}`)).toBe('Usage: `/crisis update &lt;text&gt;`');
  });

  it('shows controls in our words as symbols', () => {
    expect(mrkdwn('bell\u0007')).toBe('bell␇');
  });

  it("keeps a stranger's text inert: escaped, formatting characters as look-alikes", () => {
    expect(mrkdwn([untrusted('<!channel> *bold* _it_ ~s~ `c` google_play')])).toBe('&lt;!channel&gt; ∗bold∗ ＿it＿ ∼s∼ ˋcˋ google_play');
  });

  it('nests bold, italic and code', () => {
    expect(mrkdwn([bold('Anna & ', code('x'))])).toBe('*Anna &amp; `x`*');
    expect(mrkdwn([italic(rich`used by ${code('/crisis declare')}`)])).toBe('_used by `/crisis declare`_');
    expect(mrkdwn([code('a`b')])).toBe('`aˋb`');
  });

  it('writes dates as <!date^…> tokens in the reader’s zone', () => {
    expect(mrkdwn([date(AT)])).toBe(slackDate(AT));
    expect(mrkdwn([date(AT)])).toBe('<!date^1773133500^{date_short_pretty} {time}|2026-03-10T09:05:00.000Z>');
    expect(mrkdwn([date(AT, 'time')])).toBe(slackDate(AT, '{time}'));
    expect(mrkdwn([date(AT, 'ago')])).toBe(slackDate(AT, '{ago}'));
  });

  it("mentions members on Slack by their id, names the others in bold, inert", () => {
    expect(mrkdwn(rich`by ${mention('anna', 'Anna')}`, members)).toBe('by <@U0ANNA0001>');
    expect(mrkdwn(rich`by ${mention('clara', 'Clara <Legal> & *Co*')}`, members)).toBe('by *Clara &lt;Legal&gt; &amp; ∗Co∗*');
    // A hand-edited id that is not one is never sent as a token.
    expect(mrkdwn([mention('bad', 'Bad')], members)).toBe('*Bad*');
    expect(mrkdwn([mention('anna', 'Anna')])).toBe('*Anna*');
  });

  it('finds Slack ids through the directory', () => {
    const directory = new Directory([], [{ id: 'anna', name: 'Anna', identities: [{ platform: 'slack', userId: 'U0ANNA0001' }], roles: ['agent'], teamIds: [], timeZone: 'UTC' }], { teamId: 'support', priority: 'normal' });
    expect(mrkdwn([mention('anna', 'Anna')], membersOf(directory))).toBe('<@U0ANNA0001>');
    expect(slackUserIdOf(directory.member('anna'))).toBe('U0ANNA0001');
    expect(slackUserIdOf(undefined)).toBeUndefined();
  });

  it('links channels by id, and shows a name that is not an id as text', () => {
    expect(mrkdwn(rich`Room: ${channel('C0ROOM0001')}`)).toBe('Room: <#C0ROOM0001>');
    expect(mrkdwn([channel('not an id', 'support')])).toBe('#support');
  });

  it('writes links Slack accepts as <url|label> and shows the label alone otherwise', () => {
    expect(mrkdwn([link('https://e.example/a', 'the <original>')])).toBe('<https://e.example/a|the &lt;original&gt;>');
    expect(mrkdwn([link('javascript:alert(1)', 'click')])).toBe('click');
    expect(mrkdwn([link('https://e.example/a')])).toBe('<https://e.example/a|https://e.example/a>');
  });

  it('renders a cut text without a broken token', () => {
    const cut = cutRich(rich`Started ${date(AT)} by ${mention('anna', 'Anna')} and a long tail`, 12);
    expect(mrkdwn(cut, members)).toBe('Started…');
  });

  it('shows a person’s self-chosen name as text in the desk’s sentences (people recorded from a channel pick their own)', () => {
    const t = textsFor('en');
    expect(mrkdwn(t.stateClaimed('*Boss* `x` <!here>', [date(AT)]))).toBe(`Claimed by *∗Boss∗ ˋxˋ &lt;!here&gt;* ${slackDate(AT)}`);
    expect(mrkdwn(t.heldBy('_Anna_'))).toBe('＿Anna＿ has already claimed this comment. Ask them or the team lead to release or reassign it.');
  });

  it('shows nothing for a token it does not know (a row a newer version wrote) instead of failing', () => {
    expect(mrkdwn(['a ', {} as never, 'b'])).toBe('a b');
  });
});
