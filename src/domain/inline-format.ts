/**
 * How values inside the desk's sentences are written on one chat platform. The text tables are
 * platform markup today, so the core builds a sentence and the adapter that asked says how a name, a
 * time or a channel looks in it. Once the texts are neutral rich text, these become its nodes.
 */
export interface InlineFormat {
  /** Words someone typed or configured (a member's name, a scenario title or id): shown as written, never as markup. */
  literal(text: string): string;
  /** An instant: `full` date and time, or `ago` relative to now; in each reader's zone where the platform can. */
  date(at: Date, style?: 'full' | 'ago'): string;
  /** A link to a channel, by its id on the platform. */
  channel(id: string): string;
}

/** For a plain-text door (console, logs, tests): values as they are, times in UTC. */
export const plainInline: InlineFormat = {
  literal: (text) => text,
  date: (at) => at.toISOString(),
  channel: (id) => `#${id}`,
};
