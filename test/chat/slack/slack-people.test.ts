import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackPeople } from '../../../src/chat/slack/slack-people.ts';
import { createLogger } from '../../../src/logger.ts';
import { type SlackStandIn, startSlackStandIn } from '../../support/slack-stand-in.ts';

const LOBBY = 'C0LOBBY001';
const OTHER = 'C0OTHER001';
const SECRET = 'G0SECRET01';
const NORA = 'U0NORA0001';
const OSKAR = 'U0OSKAR001';
const PIA = 'U0PIA00001';

describe('SlackPeople against the Slack stand-in', () => {
  let standIn: SlackStandIn;
  let now = 0;

  beforeAll(async () => {
    standIn = await startSlackStandIn({
      users: {
        [NORA]: { name: 'nora', realName: 'Nora Neumann', displayName: 'Nora N.', tz: 'Europe/Berlin', locale: 'de-DE' },
        [OSKAR]: { name: 'oskar', realName: 'Oskar Ost', displayName: '', tz: 'America/Chicago', locale: 'en-GB' },
        [PIA]: { name: 'pia', realName: '', displayName: ' ', locale: 'fr-FR' },
        U0GONE0001: { name: 'gone', deleted: true },
        U0ROBOT001: { name: 'robot', isBot: true },
      },
      channels: { [LOBBY]: { name: 'lobby', members: [NORA] }, [OTHER]: { name: 'other', members: [NORA] }, [SECRET]: { name: 'secret', isPrivate: true, botIsMember: false } },
    });
  });
  afterEach(() => {
    standIn.reset();
    now = 0;
  });
  afterAll(async () => {
    await standIn.close();
  });

  function people(options: { maxPages?: number; maxChannels?: number } = {}) {
    const client = new WebClient('xoxb-test', { slackApiUrl: standIn.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    return new SlackPeople(client, { now: () => now, log: createLogger('silent'), ...options });
  }

  it('knows who is in a channel, asking Slack once a minute per channel however often it is asked', async () => {
    const p = people();
    expect(await p.isInChannel(LOBBY, NORA)).toBe(true);
    expect(await p.isInChannel(LOBBY, OSKAR)).toBe(false);
    standIn.joinChannel(LOBBY, [OSKAR]);
    now = 59_999;
    expect(await p.isInChannel(LOBBY, OSKAR)).toBe(false);
    expect(standIn.callsTo('conversations.members')).toHaveLength(1);
    now = 60_000;
    expect(await p.isInChannel(LOBBY, OSKAR)).toBe(true);
    expect(standIn.callsTo('conversations.members')).toHaveLength(2);
  });

  it('shares one lookup between clicks at the same moment', async () => {
    const p = people();
    const answers = await Promise.all([p.isInChannel(LOBBY, NORA), p.isInChannel(LOBBY, OSKAR), p.isInChannel(LOBBY, NORA)]);
    expect(answers).toEqual([true, false, true]);
    expect(standIn.callsTo('conversations.members')).toHaveLength(1);
  });

  it('reads every page of a big channel, up to its cap', async () => {
    const crowd = Array.from({ length: 2500 }, (_, i) => `U0C${String(i).padStart(6, '0')}`);
    standIn.joinChannel(LOBBY, crowd);
    const all = people();
    expect(await all.isInChannel(LOBBY, crowd.at(-1)!)).toBe(true);
    expect(standIn.callsTo('conversations.members').map((c) => c.args.limit)).toEqual(['999', '999', '999']);
    standIn.reset();
    standIn.joinChannel(LOBBY, crowd);
    const capped = people({ maxPages: 2 });
    expect(await capped.isInChannel(LOBBY, crowd[1000]!)).toBe(true);
    expect(await capped.isInChannel(LOBBY, crowd.at(-1)!)).toBe(false);
    expect(standIn.callsTo('conversations.members')).toHaveLength(2);
  });

  it('answers from the last list when Slack fails, and "not in it" when it never answered', async () => {
    const p = people();
    expect(await p.isInChannel(LOBBY, NORA)).toBe(true);
    now = 120_000;
    standIn.failNext(1, { status: 503 }, 'conversations.members');
    expect(await p.isInChannel(LOBBY, NORA)).toBe(true);
    // A channel the bot may not read (private, bot not in it) is nobody's.
    expect(await p.isInChannel(SECRET, NORA)).toBe(false);
    // A failure is remembered for a while: the next clicks are answered from what the desk knows, without asking Slack.
    expect(await p.isInChannel(LOBBY, NORA)).toBe(true);
    expect(await p.isInChannel(SECRET, NORA)).toBe(false);
    expect(standIn.attempts.filter((a) => a.method === 'conversations.members')).toHaveLength(3);
    // Then Slack is asked again.
    now = 120_000 + 30_000;
    expect(await p.isInChannel(LOBBY, NORA)).toBe(true);
    expect(standIn.attempts.filter((a) => a.method === 'conversations.members')).toHaveLength(4);
  });


  it('keeps the lists of the most recently asked channels only', async () => {
    const p = people({ maxChannels: 1 });
    await p.isInChannel(LOBBY, NORA);
    await p.isInChannel(OTHER, NORA);
    await p.isInChannel(OTHER, NORA);
    await p.isInChannel(LOBBY, NORA);
    expect(standIn.callsTo('conversations.members').map((c) => c.args.channel)).toEqual([LOBBY, OTHER, LOBBY]);
  });

  it('maps a profile: display name, else real name; de/en from the locale; the zone as Slack says', async () => {
    const p = people();
    expect(await p.profile(NORA)).toEqual({ name: 'Nora N.', locale: 'de', timeZone: 'Europe/Berlin' });
    expect(await p.profile(OSKAR)).toEqual({ name: 'Oskar Ost', locale: 'en', timeZone: 'America/Chicago' });
    expect(await p.profile(PIA)).toEqual({ name: 'pia', timeZone: 'Etc/UTC' });
    expect(standIn.callsTo('users.info').map((c) => c.args.include_locale)).toEqual(['true', 'true', 'true']);
  });

  it('has no profile for deleted people, bots, unknown ids, or when Slack fails', async () => {
    const p = people();
    expect(await p.profile('U0GONE0001')).toBeNull();
    expect(await p.profile('U0ROBOT001')).toBeNull();
    expect(await p.profile('U0NOBODY01')).toBeNull();
    standIn.failNext(1, { status: 200, error: 'missing_scope' }, 'users.info');
    expect(await p.profile(NORA)).toBeNull();
  });
});
