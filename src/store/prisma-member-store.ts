import type { MemberInfo } from '../domain/directory.ts';
import type { MemberStore } from '../domain/member-store.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

const RECORDED = 'channel';
const withIdentities = { identities: true } as const;
type MemberRow = Prisma.MemberGetPayload<{ include: typeof withIdentities }>;

/**
 * Recorded members on Prisma. Inserts are idempotent by key (the member id is derived from the identity),
 * so two clicks or two instances recording the same person at once leave one row each.
 */
export class PrismaMemberStore implements MemberStore {
  constructor(private readonly prisma: PrismaClient) {}

  async recordMember(member: MemberInfo): Promise<MemberInfo | null> {
    const first = member.identities?.[0];
    if (!first) return null;
    await this.prisma.$transaction([
      // Only while nobody has the identity: a person the configuration names (or named) is never recorded twice.
      this.prisma.$executeRaw`
        INSERT INTO "member" ("id", "name", "roles", "team_ids", "time_zone", "locale", "origin", "updated_at")
        SELECT ${member.id}, ${member.name}, ${[...member.roles]}::text[], ${member.teamIds}::text[], ${member.timeZone}, ${member.locale ?? null}, ${RECORDED}, now()
        WHERE NOT EXISTS (SELECT 1 FROM "member_identity" WHERE "platform" = ${first.platform} AND "external_id" = ${first.userId})
        ON CONFLICT DO NOTHING`,
      // Only onto a recorded member: a configured member who happens to have this id keeps its identities.
      ...(member.identities ?? []).map(
        (i) => this.prisma.$executeRaw`
          INSERT INTO "member_identity" ("platform", "external_id", "member_id")
          SELECT ${i.platform}, ${i.userId}, "id" FROM "member" WHERE "id" = ${member.id} AND "origin" = ${RECORDED}
          ON CONFLICT DO NOTHING`,
      ),
    ]);
    const stored = await this.prisma.memberIdentity.findUnique({
      where: { platform_externalId: { platform: first.platform, externalId: first.userId } },
      include: { member: { include: withIdentities } },
    });
    return stored?.member.origin === RECORDED ? toMember(stored.member) : null;
  }

  async addTeam(memberId: string, teamId: string): Promise<MemberInfo | null> {
    await this.prisma.member.updateMany({
      where: { id: memberId, origin: RECORDED, NOT: { teamIds: { has: teamId } } },
      data: { teamIds: { push: teamId } },
    });
    const row = await this.prisma.member.findFirst({ where: { id: memberId, origin: RECORDED }, include: withIdentities });
    return row ? toMember(row) : null;
  }

  async recordedByIdentity(platform: string, userId: string): Promise<MemberInfo | null> {
    const row = await this.prisma.member.findFirst({ where: { origin: RECORDED, identities: { some: { platform, externalId: userId } } }, include: withIdentities });
    return row ? toMember(row) : null;
  }

  async recordedByIds(ids: readonly string[]): Promise<MemberInfo[]> {
    if (!ids.length) return [];
    const rows = await this.prisma.member.findMany({ where: { origin: RECORDED, id: { in: [...ids] } }, include: withIdentities });
    return rows.map(toMember);
  }

  async recordedMembers(): Promise<MemberInfo[]> {
    const rows = await this.prisma.member.findMany({ where: { origin: RECORDED }, include: withIdentities, orderBy: { id: 'asc' } });
    return rows.map(toMember);
  }
}

function toMember(row: MemberRow): MemberInfo {
  return {
    id: row.id,
    name: row.name,
    identities: row.identities.map((i) => ({ platform: i.platform, userId: i.externalId })),
    // Leads and admins are listed in the configuration; a recorded person is an agent, whatever the row says.
    roles: ['agent'],
    teamIds: row.teamIds,
    ...(row.locale === 'de' || row.locale === 'en' ? { locale: row.locale } : {}),
    timeZone: row.timeZone,
    origin: 'channel',
  };
}
