import type { BurstSpec, BurstTone } from './crisis.ts';
import type { IncomingComment } from './incoming-comment.ts';
import { cutText } from './untrusted-text.ts';

/**
 * The synthetic comment burst of a crisis drill. A drill injects `spec.count` fake comments spread
 * evenly over `spec.durationMs` from its start; a job runs every few seconds and injects whatever came
 * due since its last run (`burstDueCount`, then `burstComments(spec, crisis, injected, due)`).
 *
 * Everything is deterministic: comment `i` of a crisis is built from a small PRNG seeded with a hash of
 * `${crisis.id}:${i}`, so it is the same whichever batch generates it. Drill comments carry no permalink
 * (they must never link to, or be answered on, a real network). Pure: no I/O, no clock, no Math.random.
 */

/** A generated drill comment: an ordinary incoming comment plus its position in the burst and its tone. */
export interface DrillComment extends IncomingComment {
  index: number;
  tone: string;
}

/** Longest text a drill comment gets (characters, UTF-16 code units; surrogate pairs are never split). */
const MAX_TEXT = 500;

/** How many burst comments are due `now` (0…count): comment i (0-based) arrives at burstArrivalAt(spec, startedAt, i). Monotone in now; count once now >= startedAt + durationMs; 0 before startedAt. */
export function burstDueCount(spec: BurstSpec, startedAt: Date, now: Date): number {
  const count = burstCount(spec);
  const duration = burstDuration(spec);
  const elapsed = instant(now, 'now') - instant(startedAt, 'startedAt');
  if (count === 0 || elapsed < 0) return 0;
  if (elapsed >= duration) return count;
  const e = Math.floor(elapsed);
  // Comment i arrives at offset floor(D·(i+1)/c); it is due when that is <= e, i.e. D·(i+1) <= (e+1)·c − 1.
  let due = Math.min(count, Math.max(0, Math.floor(((e + 1) * count - 1) / duration)));
  // Guard the closed form against rounding: settle on the exact boundary.
  while (due < count && arrivalOffset(count, duration, due) <= e) due++;
  while (due > 0 && arrivalOffset(count, duration, due - 1) > e) due--;
  return due;
}

/** When comment `index` arrives: spread evenly, the first at startedAt + durationMs/count, the last exactly at startedAt + durationMs. */
export function burstArrivalAt(spec: BurstSpec, startedAt: Date, index: number): Date {
  const count = burstCount(spec);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`crisis burst: comment index ${index} is outside 0..${count - 1}`);
  }
  return new Date(instant(startedAt, 'startedAt') + arrivalOffset(count, burstDuration(spec), index));
}

/** The drill comments with indexes from..to-1 (clamped to 0..count), the same every time for the same crisis id and index. */
export function burstComments(spec: BurstSpec, crisis: { id: string; startedAt: Date }, from: number, to: number): DrillComment[] {
  const count = burstCount(spec);
  if (count === 0) return [];
  const tones = usableTones(spec.tones);
  const sources = usableSources(spec.sources);
  const start = instant(crisis.startedAt, 'crisis.startedAt');
  const duration = burstDuration(spec);
  const lo = clampIndex(from, count);
  const hi = clampIndex(to, count);
  const authorPool = Math.max(1, Math.round(count / 3));
  const lang = primaryLanguage(spec.language);
  const comments: DrillComment[] = [];
  for (let index = lo; index < hi; index++) {
    const rng = seededRandom(`${crisis.id}:${index}`);
    const source = pick(rng, sources);
    const author = Math.floor(rng() * authorPool);
    const tone = pickWeighted(rng, tones);
    const text = commentText(rng, tone.phrases, lang);
    const comment: DrillComment = {
      index,
      tone: tone.tone,
      source,
      externalId: `drill-${crisis.id}-${index}`,
      text,
      authorName: authorName(author),
      authorId: `drill-user-${author}`,
      postId: `drill-${crisis.id}`,
      createdAt: new Date(start + arrivalOffset(count, duration, index)),
    };
    if (spec.language !== undefined && spec.language !== '') comment.language = spec.language;
    comments.push(comment);
  }
  return comments;
}

// ── Spec validation ─────────────────────────────────────────────────────────────────────────────

function burstCount(spec: BurstSpec): number {
  return Number.isFinite(spec.count) && spec.count > 0 ? Math.floor(spec.count) : 0;
}

function burstDuration(spec: BurstSpec): number {
  return Number.isFinite(spec.durationMs) && spec.durationMs > 0 ? Math.floor(spec.durationMs) : 0;
}

/** Milliseconds from the start to comment `index`: floor(D·(i+1)/c), so the last is exactly D. */
function arrivalOffset(count: number, duration: number, index: number): number {
  return Math.floor((duration * (index + 1)) / count);
}

function instant(date: Date, name: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`crisis burst: ${name} is not a valid date`);
  return ms;
}

function clampIndex(value: number, count: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(count, Math.max(0, Math.trunc(value)));
}

interface UsableTone {
  tone: string;
  share: number;
  phrases: string[];
}

/** Tones with a positive finite share and at least one non-empty phrase (phrases trimmed, duplicates dropped). */
function usableTones(tones: readonly BurstTone[] | undefined): UsableTone[] {
  const usable: UsableTone[] = [];
  for (const t of tones ?? []) {
    if (!Number.isFinite(t.share) || t.share <= 0) continue;
    const phrases = [...new Set((t.phrases ?? []).map((p) => (typeof p === 'string' ? p.trim() : '')).filter((p) => p !== ''))];
    if (phrases.length === 0) continue;
    usable.push({ tone: t.tone, share: t.share, phrases });
  }
  if (usable.length === 0) {
    throw new Error('crisis burst: no usable tone (every tone needs a share > 0 and at least one non-empty phrase)');
  }
  return usable;
}

function usableSources(sources: readonly string[] | undefined): string[] {
  const usable = [...new Set((sources ?? []).filter((s) => typeof s === 'string' && s.trim() !== ''))];
  if (usable.length === 0) throw new Error('crisis burst: no source to attribute the comments to (spec.sources is empty)');
  return usable;
}

// ── Text ───────────────────────────────────────────────────────────────────────────────────────

const PREFIXES: Record<string, readonly string[]> = {
  de: ['Ernsthaft?', 'Echt jetzt?', 'Im Ernst?', 'Unglaublich.'],
  en: ['Seriously?', 'Really?', 'Are you kidding?', 'Unbelievable.'],
};
const EMOJIS = ['😡', '🤬', '👎', '😢', '🙏', '😤', '🤔'] as const;

function primaryLanguage(language: string | undefined): string | null {
  if (!language) return null;
  return language.trim().toLowerCase().split(/[-_]/)[0] ?? null;
}

/** One or two (distinct) phrases of the tone, plus occasionally a prefix, stronger punctuation or an emoji. */
function commentText(rng: () => number, phrases: readonly string[], lang: string | null): string {
  const first = Math.floor(rng() * phrases.length);
  const parts = [phrases[first] as string];
  if (phrases.length >= 2 && rng() < 0.4) {
    // A different phrase: skip over the first one.
    const second = (first + 1 + Math.floor(rng() * (phrases.length - 1))) % phrases.length;
    parts.push(phrases[second] as string);
  }
  let text = parts.join(' ');
  const prefixes = lang === null ? undefined : PREFIXES[lang];
  if (prefixes && rng() < 0.15) text = `${pick(rng, prefixes)} ${text}`;
  const ending = rng();
  if (ending < 0.12) text = `${text.replace(/[.!?]+$/u, '')}!!`;
  else if (ending < 0.2) text = `${text.replace(/[.!?]+$/u, '')}?!`;
  if (rng() < 0.2) text = `${text} ${pick(rng, EMOJIS)}`;
  text = cutText(text.trim(), MAX_TEXT, { tail: '' });
  return text === '' ? (parts[0] as string).slice(0, MAX_TEXT) : text;
}


// ── Authors ────────────────────────────────────────────────────────────────────────────────────

const FIRST_NAMES = [
  'Lena', 'Jonas', 'Mia', 'Lukas', 'Hannah', 'Felix', 'Emma', 'Paul', 'Sophie', 'Leon',
  'Marie', 'Finn', 'Anna', 'Elias', 'Laura', 'Tim', 'Deniz', 'Aylin', 'Mehmet', 'Sara',
  'Olga', 'Piotr', 'Giulia', 'Luca', 'Sofia', 'Mateo', 'Amira', 'Omar', 'Priya', 'Chen',
] as const;
const LAST_INITIALS = ['A', 'B', 'D', 'F', 'G', 'H', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'T', 'W', 'Y', 'Z', 'C', 'E', 'O'] as const;
const NAME_SPACE = FIRST_NAMES.length * LAST_INITIALS.length; // 600
/** Prime and coprime to NAME_SPACE: n → n·STRIDE mod NAME_SPACE is a permutation, so the first 600 authors have distinct names. */
const STRIDE = 7919;

/** The made-up name of drill author `n`: the same for the same n in every drill. */
function authorName(n: number): string {
  const slot = (n * STRIDE + 13) % NAME_SPACE;
  return `${FIRST_NAMES[slot % FIRST_NAMES.length]} ${LAST_INITIALS[Math.floor(slot / FIRST_NAMES.length)]}.`;
}

// ── PRNG ───────────────────────────────────────────────────────────────────────────────────────

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.min(items.length - 1, Math.floor(rng() * items.length))] as T;
}

function pickWeighted(rng: () => number, tones: readonly UsableTone[]): UsableTone {
  const total = tones.reduce((sum, t) => sum + t.share, 0);
  let r = rng() * total;
  for (const t of tones) {
    if (r < t.share) return t;
    r -= t.share;
  }
  return tones[tones.length - 1] as UsableTone;
}

/** cyrb128: four 32-bit seeds from a string. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32 seeded from a hash of `seed`, warmed up; returns floats in [0, 1). */
function seededRandom(seed: string): () => number {
  let [a, b, c, d] = cyrb128(seed);
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}
