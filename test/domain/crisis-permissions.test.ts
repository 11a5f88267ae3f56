import { describe, expect, it } from 'vitest';
import type { CrisisRecord, CrisisSettings } from '../../src/domain/crisis.ts';
import { mayAcknowledge, mayDeclare, mayDrill, mayEnd, mayEndIds, mayWorkOn } from '../../src/domain/crisis-permissions.ts';
import { mayRunJobs } from '../../src/domain/desk-permissions.ts';
import type { MemberInfo } from '../../src/domain/directory.ts';

const member = (id: string, roles: MemberInfo['roles'] = ['agent']): MemberInfo => ({ id, name: id, roles, teamIds: [], timeZone: 'UTC' });
const anna = member('anna', ['agent', 'lead']);
const deniz = member('deniz');
const eve = member('eve');
const ops = member('ops', ['admin']);

const roster = [
  { role: 'lead' as const, memberIds: ['anna'] },
  { role: 'communications' as const, memberIds: ['deniz'] },
];
const settings = { roster, mayDeclare: ['anna'], mayDrill: ['anna', 'deniz'] } as Partial<CrisisSettings> as CrisisSettings;
const crisis = (kind: CrisisRecord['kind'], startedById: string) => ({ kind, startedById, roster }) as Partial<CrisisRecord> as CrisisRecord;

describe('crisis permissions', () => {
  it('lets the named people and desk admins start drills and declare crises', () => {
    expect([anna, deniz, eve, ops].map((m) => mayDrill(settings, m))).toEqual([true, true, false, true]);
    expect([anna, deniz, eve, ops].map((m) => mayDeclare(settings, m))).toEqual([true, false, false, true]);
  });

  it('lets whoever started it end it, and whoever may start one of its kind', () => {
    expect([anna, deniz, eve, ops].map((m) => mayEnd(settings, m, crisis('real', 'eve')))).toEqual([true, false, true, true]);
    expect([anna, deniz, eve, ops].map((m) => mayEnd(settings, m, crisis('drill', 'anna')))).toEqual([true, true, false, true]);
    expect(mayEndIds(settings, crisis('real', 'anna'))).toEqual(['anna']);
    expect(mayEndIds(settings, crisis('drill', 'eve'))).toEqual(['eve', 'anna', 'deniz']);
  });

  it('lets the roster, the starter and admins work on it; only the roster acknowledges pages', () => {
    expect([anna, deniz, eve, ops].map((m) => mayWorkOn(m, crisis('drill', 'eve')))).toEqual([true, true, true, true]);
    expect([anna, deniz, eve, ops].map((m) => mayWorkOn(m, crisis('drill', 'anna')))).toEqual([true, true, false, true]);
    expect([anna, deniz, eve, ops].map((m) => mayAcknowledge(m, crisis('drill', 'eve')))).toEqual([true, true, false, false]);
  });
});

describe('desk permissions', () => {
  it('lets only desk admins run jobs by hand', () => {
    expect([anna, deniz, ops].map(mayRunJobs)).toEqual([false, false, true]);
  });
});
