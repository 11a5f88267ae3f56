import type { Directory } from '../domain/directory.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** Instances starting together sync one after the other (each replaces the mirror as a whole). */
const SYNC_LOCK = 7_261_207;

/**
 * Mirrors the configured teams, their channels, members and their chat identities into the database
 * (so SQL reports can join them). Members recorded on first use (`members: channel`) stay; an identity
 * the configuration now names belongs to the configured member from here on, and the identities of
 * members no longer configured go (their rows stay for the event log).
 */
export async function syncDirectory(prisma: PrismaClient, directory: Directory): Promise<void> {
  const teams = directory.allTeams();
  const members = directory.allMembers().filter((m) => m.origin !== 'channel');
  const identities = members.flatMap((m) => (m.identities ?? []).map((i) => ({ platform: i.platform, externalId: i.userId, memberId: m.id })));
  await prisma.$transaction([
    prisma.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${SYNC_LOCK})`,
    ...teams.map((t) => {
      const data = { name: t.name, leadMemberId: t.leadId ?? null, locale: t.locale, timeZone: t.timeZone, members: t.members ?? 'listed' };
      return prisma.team.upsert({ where: { id: t.id }, create: { id: t.id, ...data }, update: data });
    }),
    prisma.teamChannel.deleteMany({}),
    prisma.teamChannel.createMany({
      data: teams.flatMap((t) => (t.channels ?? []).map((c) => ({ platform: c.platform, channel: c.channel, teamId: t.id, space: c.space ?? null }))),
    }),
    ...members.map((m) => {
      const data = { name: m.name, roles: m.roles, teamIds: m.teamIds, timeZone: m.timeZone, locale: m.locale ?? null, origin: 'config' };
      return prisma.member.upsert({ where: { id: m.id }, create: { id: m.id, ...data }, update: data });
    }),
    prisma.memberIdentity.deleteMany({
      where: { OR: [{ member: { origin: 'config' } }, { memberId: { in: members.map((m) => m.id) } }, ...identities.map(({ platform, externalId }) => ({ platform, externalId }))] },
    }),
    prisma.memberIdentity.createMany({ data: identities }),
  ]);
}
