/**
 * What the webhooks had to leave out since this instance started: changes a source sent that we could
 * not take (a Meta change whose values are out of range, say). They are skipped with a log line so the
 * rest of a batch is stored and acknowledged; `/readyz` shows the count so an operator notices.
 */
export interface IngestHealth {
  skippedChanges: number;
  /** When the last change was skipped and why (no comment text, no ids: safe to show on /readyz). */
  lastSkipped: { at: string; source: string; reason: string } | null;
}

export function createIngestHealth(): IngestHealth {
  return { skippedChanges: 0, lastSkipped: null };
}

export function recordSkippedChange(health: IngestHealth, at: Date, source: string, reason: string): void {
  health.skippedChanges += 1;
  health.lastSkipped = { at: at.toISOString(), source, reason };
}
