/** Helpers for de/en text tables (`crisisTexts`, `kpiTexts`): compare their shapes and read every text. */
type Obj = Record<string, unknown>;

/** Every key path of a texts object; functions are leaves. */
export function keyPaths(node: unknown, prefix = ''): string[] {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    return Object.keys(node as Obj)
      .sort()
      .flatMap((k) => [`${prefix}${k}`, ...keyPaths((node as Obj)[k], `${prefix}${k}.`)]);
  }
  return [];
}

/** Every leaf as a string: strings as they are, functions called with their sample arguments (by key path). */
export function leaves(node: unknown, sampleArgs: Record<string, unknown[]>, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  if (typeof node === 'function') {
    const args = sampleArgs[prefix];
    if (!args) throw new Error(`no sample arguments for ${prefix}`);
    return [[prefix, (node as (...a: unknown[]) => string)(...args)]];
  }
  if (node && typeof node === 'object') return Object.entries(node as Obj).flatMap(([k, v]) => leaves(v, sampleArgs, prefix ? `${prefix}.${k}` : k));
  throw new Error(`unexpected leaf ${prefix}: ${String(node)}`);
}

/**
 * The texts with every RichText answer that carries tokens rendered to a string by `render` (e.g.
 * Slack mrkdwn), so tests read them as a platform shows them. Plain strings stay as they are: labels,
 * values and sentences without tokens are plain text on every platform.
 */
export function renderedTexts<T>(node: T, render: (rt: never) => string): T {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'function') return (...args: unknown[]) => walk((value as (...a: unknown[]) => unknown)(...args));
    // RichText with tokens is an array; other arrays (none in the tables today) would be texts too.
    if (Array.isArray(value)) return render(value as never);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(node) as T;
}
