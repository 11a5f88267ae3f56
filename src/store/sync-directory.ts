import type { Directory } from '../domain/directory.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** Mirrors the configured teams and members into the database (so SQL reports can join them). */
export async function syncDirectory(prisma: PrismaClient, directory: Directory): Promise<void> {
  await prisma.$transaction([
    ...directory.allTeams().map((t) => {
      const data = { name: t.name, slackChannelId: t.slackChannel ?? null, leadMemberId: t.leadId ?? null, locale: t.locale, timeZone: t.timeZone };
      return prisma.team.upsert({ where: { id: t.id }, create: { id: t.id, ...data }, update: data });
    }),
    ...directory.allMembers().map((m) => {
      const data = { name: m.name, slackUserId: m.slackUserId ?? null, roles: m.roles, teamIds: m.teamIds, timeZone: m.timeZone, locale: m.locale ?? null };
      return prisma.member.upsert({ where: { id: m.id }, create: { id: m.id, ...data }, update: data });
    }),
  ]);
}
