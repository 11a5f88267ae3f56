/** The message for keys a configuration object does not know, with the nearest known key as a hint. */
export function unknownKeysMessage(keys: string[], known: string[]): string {
  return keys
    .map((key) => {
      const near = known.find((k) => k.toLowerCase() === key.toLowerCase()) ?? known.filter((k) => editDistance(k, key) <= 2).sort((a, b) => editDistance(a, key) - editDistance(b, key))[0];
      return `unknown setting "${key}"${near ? ` (did you mean "${near}"?)` : ` (known here: ${known.join(', ')})`}`;
    })
    .join('; ');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
