import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import { parseDeskConfig } from '../../src/desk-config/load-desk-config.ts';
import { savedRepliesFor } from '../../src/domain/saved-replies.ts';

const exampleUrl = new URL('../../config/desk.example.yaml', import.meta.url);

function base(): Record<string, unknown> & { teams: Record<string, unknown>[] } {
  return {
    defaultTeam: 'community',
    teams: [
      { id: 'community', name: 'Community', locale: 'de' },
      { id: 'support', name: 'Support' },
    ],
  };
}

const parse = (raw: unknown) => parseDeskConfig(stringify(raw), 'desk.yaml');

function errorOf(raw: unknown): string {
  try {
    parse(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the desk configuration to be rejected');
}

const reply = (over: Record<string, unknown> = {}) => ({ id: 'thanks', title: 'Danke', language: 'de', address: 'sie', text: 'Hallo {author}, danke! {agent}', ...over });

describe('tone and savedReplies in the desk configuration', () => {
  it('keeps a desk without them valid, and its teams without tone or saved replies', () => {
    const directory = buildDirectory(parse(base()));
    expect(directory.team('community')).not.toHaveProperty('tone');
    expect(directory.team('community')).not.toHaveProperty('savedReplies');
  });

  it('gives each team the desk tone with its own keys over it (lists replaced, not merged)', () => {
    const raw = base();
    raw.tone = { guide: 'Kurz und freundlich.', address: 'sie', avoid: ['leider'], links: ['example.com'] };
    raw.teams[0]!.tone = { address: 'du', avoid: ['Problem'], signature: 'Dein Team' };
    const directory = buildDirectory(parse(raw));
    expect(directory.team('community')?.tone).toEqual({ guide: 'Kurz und freundlich.', address: 'du', signature: 'Dein Team', avoid: ['Problem'], links: ['example.com'] });
    expect(directory.team('support')?.tone).toEqual({ guide: 'Kurz und freundlich.', address: 'sie', avoid: ['leider'], links: ['example.com'] });
  });

  it('gives each team the desk replies and its own; the same id takes the team’s', () => {
    const raw = base();
    raw.savedReplies = [reply(), reply({ id: 'sorry', title: 'Sorry', language: 'en', address: undefined, text: 'Sorry, {author}!' })];
    raw.teams[0]!.savedReplies = [reply({ address: 'du', text: 'Hey {author}, danke dir!' })];
    const directory = buildDirectory(parse(raw));
    expect(directory.team('community')?.savedReplies?.map((r) => [r.id, r.address])).toEqual([
      ['thanks', 'du'],
      ['sorry', undefined],
    ]);
    expect(directory.team('support')?.savedReplies?.map((r) => [r.id, r.address])).toEqual([
      ['thanks', 'sie'],
      ['sorry', undefined],
    ]);
    expect(directory.team('support')?.savedReplies?.[1]).not.toHaveProperty('address');
  });

  it('names an unknown variable and the known ones', () => {
    const raw = base();
    raw.savedReplies = [reply({ text: 'Hallo {autor}, {agent} und {name}' })];
    expect(errorOf(raw)).toContain('savedReplies.0.text: unknown variable {autor}, {name} (known: {author}, {agent})');
  });

  it('wants the address form of a German reply, not of an English one', () => {
    const raw = base();
    raw.savedReplies = [reply({ address: undefined }), reply({ id: 'en', language: 'en', address: undefined, text: 'Thanks!' })];
    const message = errorOf(raw);
    expect(message).toContain('savedReplies.0.address: a German saved reply needs address: sie or address: du');
    expect(message).not.toContain('savedReplies.1');
  });

  it('refuses a reply id used twice in one list, and unknown keys', () => {
    const raw = base();
    raw.teams[1]!.savedReplies = [reply(), reply()];
    expect(errorOf(raw)).toContain('teams.1.savedReplies: saved reply id "thanks" is used twice');
    const typo = base();
    typo.tone = { adress: 'sie' };
    expect(errorOf(typo)).toContain('unknown setting "adress" (did you mean "address"?)');
  });

  it('takes hosts only in links, and sie or du only as address', () => {
    const raw = base();
    raw.tone = { links: ['https://example.com/hilfe', 'Example.com', '*.example.com'], address: 'Sie' };
    const message = errorOf(raw);
    expect(message).toContain('tone.links.0: write the host only, without https:// or a path, e.g. example.com');
    expect(message).toContain('tone.links.1: use a lowercase host name such as example.com or *.example.com');
    expect(message).not.toContain('tone.links.2');
    expect(message).toContain('tone.address: use sie or du');
  });

  it('documents both address forms in config/desk.example.yaml, and the directory offers the fitting replies', () => {
    const cfg = parseDeskConfig(readFileSync(exampleUrl, 'utf8'), exampleUrl.pathname);
    const directory = buildDirectory(cfg);
    const community = directory.team('community')!;
    const legal = directory.team('legal')!;
    expect(community.tone?.address).toBe('du');
    expect(community.tone?.links).toEqual(['example.com', 'help.example.com']);
    expect(legal.tone?.address).toBe('sie');
    expect(savedRepliesFor(community, 'de').map((r) => r.id)).toEqual(['thanks', 'order-status']);
    expect(savedRepliesFor(community, 'de')[0]!.text).toContain('danke dir');
    expect(savedRepliesFor(legal, 'de').map((r) => r.id)).toEqual(['thanks']);
    expect(savedRepliesFor(legal, 'en').map((r) => r.id)).toEqual(['thanks-en']);
  });

  it('validates a parsed configuration again to the same result', () => {
    const cfg = parseDeskConfig(readFileSync(exampleUrl, 'utf8'), exampleUrl.pathname);
    expect(parse(cfg)).toEqual(cfg);
  });
});
