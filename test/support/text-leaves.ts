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
