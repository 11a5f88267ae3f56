import type { Directory, Locale } from '../domain/directory.ts';
import type { Clock, DeskStore } from '../domain/ports.ts';

export interface OpenWorkSummary {
  locale: Locale;
  empty: boolean;
  rows: { teamId: string; teamName: string; open: number; claimed: number; overdue: number; oldestReceivedAt: Date | null }[];
}

/** Open and claimed comments per team (drills excluded), for `/desk status`. */
export async function summarizeOpenWork(deps: { store: DeskStore; directory: Directory; clock: Clock }, locale: Locale): Promise<OpenWorkSummary> {
  const rows = await deps.store.openWorkByTeam(deps.clock.now());
  const byTeam = new Map(rows.map((r) => [r.teamId, r]));
  const result = deps.directory.allTeams().map((team) => {
    const r = byTeam.get(team.id);
    return { teamId: team.id, teamName: team.name, open: r?.open ?? 0, claimed: r?.claimed ?? 0, overdue: r?.overdue ?? 0, oldestReceivedAt: r?.oldestReceivedAt ?? null };
  });
  return { locale, empty: result.every((r) => r.open + r.claimed === 0), rows: result };
}

