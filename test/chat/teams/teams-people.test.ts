import { describe, expect, it } from 'vitest';
import { TeamsPeople } from '../../../src/chat/teams/teams-people.ts';

const CHANNEL = '19:inbox@thread.tacv2';
const USER = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';

describe('TeamsPeople', () => {
  it('knows someone is in a channel after a signed activity from it, for ten minutes of the desk’s clock', async () => {
    let now = 1_000_000;
    const people = new TeamsPeople({ now: () => now });
    expect(await people.isInChannel(CHANNEL, USER)).toBe(false);
    people.observe({ userId: USER, channel: CHANNEL });
    expect(await people.isInChannel(CHANNEL, USER.toUpperCase())).toBe(true);
    expect(await people.isInChannel('19:other@thread.tacv2', USER)).toBe(false);
    now += 10 * 60_000;
    expect(await people.isInChannel(CHANNEL, USER)).toBe(true);
    now += 1;
    expect(await people.isInChannel(CHANNEL, USER)).toBe(false);
  });

  it('takes the name, a language the desk speaks and the zone from the client', async () => {
    const people = new TeamsPeople({ now: () => 0 });
    people.observe({ userId: USER, name: 'Mira Wolf', locale: 'de-DE', timeZone: 'Europe/Berlin' });
    expect(await people.profile(USER)).toEqual({ name: 'Mira Wolf', locale: 'de', timeZone: 'Europe/Berlin' });
    people.observe({ userId: 'b', name: 'Ana', locale: 'pt-BR' });
    expect(await people.profile('b')).toEqual({ name: 'Ana' });
    expect(await people.profile('nobody')).toBeNull();
  });

  it('keeps at most maxEntries sightings, forgetting the oldest', async () => {
    const people = new TeamsPeople({ now: () => 0, maxEntries: 2 });
    for (const u of ['a', 'b', 'c']) people.observe({ userId: u, channel: CHANNEL });
    expect(await people.isInChannel(CHANNEL, 'a')).toBe(false);
    expect(await people.isInChannel(CHANNEL, 'c')).toBe(true);
  });
});
