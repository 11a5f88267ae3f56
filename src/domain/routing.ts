import type { Priority } from './comment-lifecycle.ts';

export interface RoutingRuleInput {
  name?: string;
  match: { sources?: string[]; keywords?: string[]; languages?: string[] };
  team?: string;
  priority?: Priority;
}

export interface RoutingInput {
  source: string;
  text: string;
  language?: string;
}

export interface RoutingDecision {
  teamId: string;
  priority: Priority;
  /** Names (or indexes) of the rules that matched, for the event log. */
  matchedRules: string[];
}

const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, crisis: 3 };

/**
 * Compiles routing rules once. A rule matches when every condition it names matches:
 * source in `sources`, language in `languages` (by primary subtag: "de-AT" counts as "de"),
 * and any keyword found as a whole word or phrase, ignoring case and accents.
 */
export function compileRouting(rules: RoutingRuleInput[], defaults: { teamId: string; priority: Priority }) {
  const compiled = rules.map((rule, index) => ({
    label: rule.name ?? `rule ${index + 1}`,
    rule,
    sources: rule.match.sources?.map((s) => s.toLowerCase()),
    languages: rule.match.languages?.map(primaryLanguage),
    keywords: rule.match.keywords?.some((k) => k.trim()) ? keywordPattern(rule.match.keywords) : undefined,
  }));

  return function route(input: RoutingInput): RoutingDecision {
    const source = input.source.toLowerCase();
    const language = input.language ? primaryLanguage(input.language) : undefined;
    const text = fold(input.text);
    let teamId: string | undefined;
    let priority: Priority | undefined;
    const matchedRules: string[] = [];
    for (const c of compiled) {
      if (c.sources && !c.sources.includes(source)) continue;
      if (c.languages && (!language || !c.languages.includes(language))) continue;
      if (c.keywords && !c.keywords.test(text)) continue;
      matchedRules.push(c.label);
      if (!teamId && c.rule.team) teamId = c.rule.team;
      if (c.rule.priority && (!priority || PRIORITY_RANK[c.rule.priority] > PRIORITY_RANK[priority])) priority = c.rule.priority;
    }
    return { teamId: teamId ?? defaults.teamId, priority: priority ?? defaults.priority, matchedRules };
  };
}

function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? tag.toLowerCase();
}

/** Lowercase and strip accents, so "Rückerstattung" and "ruckerstattung" meet; ß stays ß. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function keywordPattern(keywords: string[]): RegExp {
  const alternatives = keywords
    .filter((k) => k.trim() !== '')
    .map((k) => fold(k).trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
    .join('|');
  // Unicode-aware word boundaries: \b only knows ASCII letters.
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'u');
}
