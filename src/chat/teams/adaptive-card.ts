import type { RichText } from '../../domain/rich-text.ts';
import { cutUnits } from '../../domain/untrusted-text.ts';
import { type TeamsMention, TeamsMentionRegistry, type TeamsTextOptions, renderTeamsText } from './markdown.ts';

/**
 * Adaptive Cards (schema 1.5) as Microsoft Teams renders them: the few elements the desk uses, typed
 * as plain JSON, and the helpers that keep a card within Teams' limits.
 *
 * Limits (learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format): a
 * bot message may carry about 40 KB, an incoming webhook 28 KB; the desk keeps every card under
 * `CARD_BYTES_MAX` (UTF-8 bytes of its JSON), whatever strangers wrote. Teams shows up to six
 * actions of an action set and puts further ones into an overflow menu.
 */

export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const ADAPTIVE_CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Every card stays below this many bytes of JSON: well under Teams' 28 KB, with room for the activity around it. */
export const CARD_BYTES_MAX = 24_000;
/** Titles of buttons: Teams cuts long titles; ours are short, configured ones (step titles) are cut to this. */
export const ACTION_TITLE_MAX = 60;
/** Actions per action set that Teams shows without an overflow menu. */
export const ACTIONS_SHOWN_MAX = 6;

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge' | 'Padding';
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

interface ElementBase {
  id?: string;
  spacing?: Spacing;
  separator?: boolean;
}

export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  weight?: 'Lighter' | 'Default' | 'Bolder';
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  color?: TextColor;
  isSubtle?: boolean;
  style?: 'default' | 'heading';
  maxLines?: number;
}

export interface Container extends ElementBase {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  bleed?: boolean;
}

export interface Column {
  type: 'Column';
  items: CardElement[];
  width?: 'auto' | 'stretch' | number;
  verticalContentAlignment?: 'Top' | 'Center' | 'Bottom';
  spacing?: Spacing;
}

export interface ColumnSet extends ElementBase {
  type: 'ColumnSet';
  columns: Column[];
}

export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}

export interface Image extends ElementBase {
  type: 'Image';
  url: string;
  altText?: string;
  size?: 'Auto' | 'Stretch' | 'Small' | 'Medium' | 'Large';
}

export interface TableCell {
  type: 'TableCell';
  items: CardElement[];
}

export interface TableRow {
  type: 'TableRow';
  cells: TableCell[];
}

export interface Table extends ElementBase {
  type: 'Table';
  columns: { width: number; horizontalCellContentAlignment?: 'Left' | 'Center' | 'Right' }[];
  rows: TableRow[];
  firstRowAsHeader?: boolean;
  showGridLines?: boolean;
}

export interface Choice {
  title: string;
  value: string;
}

export interface ChoiceSetInput extends ElementBase {
  type: 'Input.ChoiceSet';
  id: string;
  choices: Choice[];
  style?: 'compact' | 'expanded' | 'filtered';
  value?: string;
  placeholder?: string;
  label?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface TextInput extends ElementBase {
  type: 'Input.Text';
  id: string;
  isMultiline?: boolean;
  maxLength?: number;
  placeholder?: string;
  label?: string;
  value?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: CardAction[];
}

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
  /** `none`: the click sends no input values (and waits for no required input). */
  associatedInputs?: 'auto' | 'none';
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
  associatedInputs?: 'auto' | 'none';
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type CardAction = ExecuteAction | SubmitAction | OpenUrlAction;
export type CardElement = TextBlock | Container | ColumnSet | FactSet | Image | Table | ChoiceSetInput | TextInput | ActionSet;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: typeof ADAPTIVE_CARD_VERSION;
  body: CardElement[];
  actions?: CardAction[];
  /** Shown where a client cannot render the card; also a good notification summary for the activity. */
  fallbackText?: string;
  msteams: { width?: 'Full'; entities?: TeamsMention[] };
}

export interface AdaptiveCardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: AdaptiveCard;
}

/**
 * A message for Teams, as the fields of a Bot Framework `message` activity: Markdown text with its
 * mention entities, and/or cards as attachments. Spread it into the activity the adapter sends.
 */
export interface TeamsMessage {
  type: 'message';
  textFormat: 'markdown';
  text?: string;
  entities?: TeamsMention[];
  attachments?: AdaptiveCardAttachment[];
  /** The notification preview of a card message. */
  summary?: string;
}

/** A text message: the entities only when there are mentions. */
export function textMessage(text: string, mentions: TeamsMention[]): TeamsMessage {
  return { type: 'message', textFormat: 'markdown', text, ...(mentions.length ? { entities: mentions } : {}) };
}

/** A card message, its fallback text as the notification preview. */
export function cardMessage(card: AdaptiveCard): TeamsMessage {
  return { type: 'message', textFormat: 'markdown', attachments: [adaptiveCardAttachment(card)], ...(card.fallbackText ? { summary: card.fallbackText } : {}) };
}

/** The card as a message attachment (`activity.attachments[]`, a dialog's `card`). */
export function adaptiveCardAttachment(card: AdaptiveCard): AdaptiveCardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

/** Bytes of the card's JSON as Teams receives it. */
export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

// ---- building ------------------------------------------------------------------------------

export function textBlock(text: string, over: Omit<Partial<TextBlock>, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...over };
}

export function container(items: CardElement[], over: Omit<Partial<Container>, 'type' | 'items'> = {}): Container {
  return { type: 'Container', items, ...over };
}

export function actionSet(actions: CardAction[], over: Omit<Partial<ActionSet>, 'type' | 'actions'> = {}): ActionSet {
  return { type: 'ActionSet', actions, ...over };
}

/** Action sets of at most `ACTIONS_SHOWN_MAX` actions each, so Teams hides none in an overflow menu. */
export function actionSets(actions: CardAction[]): ActionSet[] {
  const sets: ActionSet[] = [];
  for (let i = 0; i < actions.length; i += ACTIONS_SHOWN_MAX) sets.push(actionSet(actions.slice(i, i + ACTIONS_SHOWN_MAX)));
  return sets;
}

/** A title for a button or a choice: one line, at most `max` units, never half a surrogate pair. Not Markdown. */
export function plainTitle(text: string, max = ACTION_TITLE_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${cutUnits(flat, max - 1).trimEnd()}…`;
}

export function execute(verb: string, title: string, data: Record<string, unknown>, over: Omit<Partial<ExecuteAction>, 'type' | 'verb' | 'title' | 'data'> = {}): ExecuteAction {
  return { type: 'Action.Execute', verb, title: plainTitle(title), data, ...over };
}

export function openUrl(title: string, url: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title: plainTitle(title), url };
}

/** Every text Teams reads as Markdown (TextBlocks, facts), where mentions can stand. */
export function markdownTextsOf(value: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts)) for (const f of o.facts as { title: string; value: string }[]) out.push(f.title, f.value);
    for (const inner of Object.values(o)) if (inner && typeof inner === 'object') walk(inner);
  };
  walk(value);
  return out;
}

/**
 * Renders the RichText of one card or message: every text shares the mention registry, so the card's
 * `msteams.entities` hold exactly the mentions its texts show.
 */
export class CardTexts {
  readonly registry = new TeamsMentionRegistry();

  constructor(readonly options: Omit<TeamsTextOptions, 'registry'> = {}) {}

  /** RichText as Teams Markdown for a TextBlock. */
  md(rt: RichText): string {
    return renderTeamsText(rt, { ...this.options, registry: this.registry }).text;
  }

  /** Measures RichText as it would render (UTF-16 units), without recording mentions. */
  readonly measure = (rt: RichText): number => renderTeamsText(rt, { ...this.options, registry: new TeamsMentionRegistry() }).text.length;

  /** The card: schema, version, full width, and the mentions its body shows. */
  card(body: CardElement[], fallbackText: string, actions: CardAction[] = []): AdaptiveCard {
    const card: AdaptiveCard = {
      type: 'AdaptiveCard',
      $schema: ADAPTIVE_CARD_SCHEMA,
      version: ADAPTIVE_CARD_VERSION,
      body,
      ...(actions.length ? { actions } : {}),
      fallbackText,
      msteams: { width: 'Full' },
    };
    const entities = this.registry.usedIn(markdownTextsOf(body).join('\n'));
    if (entities.length) card.msteams.entities = entities;
    return card;
  }
}
