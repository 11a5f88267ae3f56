/**
 * Structural checks for the Adaptive Cards the desk sends to Microsoft Teams (schema 1.5, as
 * adaptivecards.io/explorer documents each element): known types only, each with its required
 * properties and no property the schema does not know (a typo would be silently ignored by Teams),
 * unique input ids, desk verbs on every Action.Execute, http(s) on every OpenUrl, mention entities
 * that match a text, and the size limit. Returns what is wrong, so a test shows every problem at once.
 */

type Obj = Record<string, unknown>;

/** Teams' limit for a message with a card from an incoming webhook, the smaller of its two limits. */
export const TEAMS_MESSAGE_BYTES = 28_000;

const COMMON = ['type', 'id', 'spacing', 'separator', 'isVisible', 'height', 'fallback', 'requires'];
const ALLOWED: Record<string, string[]> = {
  TextBlock: [...COMMON, 'text', 'wrap', 'weight', 'size', 'color', 'isSubtle', 'style', 'maxLines', 'horizontalAlignment', 'fontType'],
  Container: [...COMMON, 'items', 'style', 'bleed', 'selectAction', 'verticalContentAlignment', 'minHeight'],
  ColumnSet: [...COMMON, 'columns', 'style', 'bleed', 'horizontalAlignment'],
  Column: [...COMMON, 'items', 'width', 'verticalContentAlignment', 'style'],
  FactSet: [...COMMON, 'facts'],
  Image: [...COMMON, 'url', 'altText', 'size', 'style', 'width', 'horizontalAlignment'],
  Table: [...COMMON, 'columns', 'rows', 'firstRowAsHeader', 'showGridLines', 'gridStyle'],
  TableRow: ['type', 'cells', 'style'],
  TableCell: ['type', 'items', 'style', 'verticalContentAlignment'],
  'Input.ChoiceSet': [...COMMON, 'choices', 'style', 'value', 'placeholder', 'label', 'isRequired', 'errorMessage', 'isMultiSelect'],
  'Input.Text': [...COMMON, 'isMultiline', 'maxLength', 'placeholder', 'label', 'value', 'isRequired', 'errorMessage', 'style'],
  ActionSet: [...COMMON, 'actions'],
  'Action.Execute': ['type', 'title', 'verb', 'data', 'style', 'associatedInputs', 'id', 'mode'],
  'Action.Submit': ['type', 'title', 'data', 'style', 'associatedInputs', 'id', 'mode'],
  'Action.OpenUrl': ['type', 'title', 'url', 'id', 'mode', 'style'],
};
const ELEMENTS = new Set(['TextBlock', 'Container', 'ColumnSet', 'FactSet', 'Image', 'Table', 'Input.ChoiceSet', 'Input.Text', 'ActionSet']);
const ACTIONS = new Set(['Action.Execute', 'Action.Submit', 'Action.OpenUrl']);
const ROOT_KEYS = ['type', '$schema', 'version', 'body', 'actions', 'fallbackText', 'msteams', 'speak', 'lang'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown) => typeof v === 'string' && v.length > 0;

export function adaptiveCardViolations(card: unknown): string[] {
  const problems: string[] = [];
  const inputIds = new Set<string>();
  const texts: string[] = [];
  const bad = (path: string, what: string) => problems.push(`${path}: ${what}`);

  const keys = (o: Obj, type: string, path: string) => {
    for (const k of Object.keys(o)) if (!ALLOWED[type]!.includes(k)) bad(path, `unknown property ${k} on ${type}`);
  };

  const action = (a: unknown, path: string) => {
    if (!isObj(a) || typeof a.type !== 'string' || !ACTIONS.has(a.type)) return bad(path, `not an action: ${JSON.stringify(a)?.slice(0, 80)}`);
    keys(a, a.type, path);
    if (!nonEmptyString(a.title)) bad(path, 'action without a title');
    if (a.type === 'Action.Execute') {
      if (typeof a.verb !== 'string' || !a.verb.startsWith('desk.')) bad(path, `verb ${String(a.verb)}`);
      if (!isObj(a.data)) bad(path, 'Action.Execute without data');
    }
    if (a.type === 'Action.Submit' && !isObj(a.data)) bad(path, 'Action.Submit without data');
    if (a.type === 'Action.OpenUrl' && (typeof a.url !== 'string' || !/^https?:\/\//i.test(a.url))) bad(path, `url ${String(a.url)}`);
    if (a.associatedInputs !== undefined && a.associatedInputs !== 'auto' && a.associatedInputs !== 'none') bad(path, 'associatedInputs');
  };

  const elements = (list: unknown, path: string) => {
    if (!Array.isArray(list)) return bad(path, 'not an array');
    list.forEach((e, i) => element(e, `${path}[${i}]`));
  };

  const element = (e: unknown, path: string): void => {
    if (!isObj(e) || typeof e.type !== 'string' || !ELEMENTS.has(e.type)) return void bad(path, `unknown element ${isObj(e) ? String(e.type) : typeof e}`);
    keys(e, e.type, path);
    switch (e.type) {
      case 'TextBlock':
        if (typeof e.text !== 'string') bad(path, 'TextBlock without text');
        else texts.push(e.text);
        if (e.text === '') bad(path, 'empty TextBlock');
        break;
      case 'Container':
        elements(e.items, `${path}.items`);
        break;
      case 'ColumnSet':
        if (!Array.isArray(e.columns) || !e.columns.length) bad(path, 'ColumnSet without columns');
        else
          e.columns.forEach((c, i) => {
            if (!isObj(c) || c.type !== 'Column') return bad(`${path}.columns[${i}]`, 'not a Column');
            keys(c, 'Column', `${path}.columns[${i}]`);
            elements(c.items, `${path}.columns[${i}].items`);
          });
        break;
      case 'FactSet':
        if (!Array.isArray(e.facts) || !e.facts.length) bad(path, 'FactSet without facts');
        else
          e.facts.forEach((f, i) => {
            if (!isObj(f) || typeof f.title !== 'string' || typeof f.value !== 'string' || Object.keys(f).length !== 2) bad(`${path}.facts[${i}]`, 'fact');
            else texts.push(f.title, f.value);
          });
        break;
      case 'Image':
        if (typeof e.url !== 'string' || !/^(https:\/\/|data:image\/png;base64,[A-Za-z0-9+/]+=*$)/.test(e.url)) bad(path, 'Image url');
        break;
      case 'Table': {
        const columns = Array.isArray(e.columns) ? e.columns : [];
        if (!columns.length) bad(path, 'Table without columns');
        if (!Array.isArray(e.rows)) bad(path, 'Table without rows');
        else
          e.rows.forEach((r, i) => {
            const rp = `${path}.rows[${i}]`;
            if (!isObj(r) || r.type !== 'TableRow' || !Array.isArray(r.cells)) return bad(rp, 'not a TableRow');
            keys(r, 'TableRow', rp);
            if (r.cells.length !== columns.length) bad(rp, `${r.cells.length} cells for ${columns.length} columns`);
            r.cells.forEach((c, j) => {
              if (!isObj(c) || c.type !== 'TableCell') return bad(`${rp}.cells[${j}]`, 'not a TableCell');
              keys(c, 'TableCell', `${rp}.cells[${j}]`);
              elements(c.items, `${rp}.cells[${j}].items`);
            });
          });
        break;
      }
      case 'Input.ChoiceSet':
      case 'Input.Text':
        if (!nonEmptyString(e.id)) bad(path, 'input without id');
        else if (inputIds.has(e.id as string)) bad(path, `duplicate input id ${String(e.id)}`);
        else inputIds.add(e.id as string);
        if (e.type === 'Input.ChoiceSet') {
          if (!Array.isArray(e.choices) || !e.choices.length) bad(path, 'ChoiceSet without choices');
          else {
            const values = new Set<string>();
            e.choices.forEach((c, i) => {
              if (!isObj(c) || !nonEmptyString(c.title) || !nonEmptyString(c.value) || Object.keys(c).length !== 2) bad(`${path}.choices[${i}]`, 'choice');
              else if (values.has(c.value as string)) bad(`${path}.choices[${i}]`, 'duplicate value');
              else values.add(c.value as string);
            });
            if (typeof e.value === 'string' && !values.has(e.value)) bad(path, `value ${e.value} is no choice`);
          }
        }
        break;
      case 'ActionSet':
        if (!Array.isArray(e.actions) || !e.actions.length) bad(path, 'ActionSet without actions');
        else e.actions.forEach((a, i) => action(a, `${path}.actions[${i}]`));
        break;
    }
  };

  if (!isObj(card)) return ['not an object'];
  for (const k of Object.keys(card)) if (!ROOT_KEYS.includes(k)) bad('card', `unknown property ${k}`);
  if (card.type !== 'AdaptiveCard') bad('card', 'type');
  if (card.version !== '1.5') bad('card', 'version');
  if (typeof card.$schema !== 'string' || !/^https?:\/\/adaptivecards\.io\/schemas\/adaptive-card\.json$/.test(card.$schema)) bad('card', '$schema');
  elements(card.body, 'body');
  if (card.actions !== undefined) {
    if (!Array.isArray(card.actions)) bad('card', 'actions');
    else card.actions.forEach((a, i) => action(a, `actions[${i}]`));
  }
  if (!isObj(card.msteams)) bad('card', 'msteams');
  else {
    if (card.msteams.width !== 'Full') bad('msteams', 'width');
    const entities = card.msteams.entities;
    if (entities !== undefined) {
      if (!Array.isArray(entities) || !entities.length) bad('msteams', 'entities must be a non-empty array when present');
      else problems.push(...mentionViolations(entities, texts));
    }
  }
  // An `<at>` in a text without its entity would show as plain text: every one must have one.
  const entityTexts = new Set(isObj(card.msteams) && Array.isArray(card.msteams.entities) ? (card.msteams.entities as Obj[]).map((m) => m.text) : []);
  for (const t of texts) for (const at of t.match(/<at>[^<]*<\/at>/g) ?? []) if (!entityTexts.has(at)) bad('texts', `${at} has no entity`);
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes >= TEAMS_MESSAGE_BYTES) bad('card', `${bytes} bytes`);
  return problems;
}

/** Mention entities (cards' `msteams.entities`, messages' `entities`): the wire shape, and each text present. */
export function mentionViolations(entities: unknown[], texts: string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  entities.forEach((m, i) => {
    const path = `entities[${i}]`;
    if (!isObj(m) || m.type !== 'mention' || typeof m.text !== 'string' || !isObj(m.mentioned)) return problems.push(`${path}: shape`);
    if (Object.keys(m).sort().join() !== 'mentioned,text,type') problems.push(`${path}: keys ${Object.keys(m).join()}`);
    if (!/^<at>[^<>]+<\/at>$/.test(m.text)) problems.push(`${path}: text ${m.text}`);
    if (!nonEmptyString(m.mentioned.id) || !nonEmptyString(m.mentioned.name)) problems.push(`${path}: mentioned`);
    if (seen.has(m.text)) problems.push(`${path}: duplicate ${m.text}`);
    seen.add(m.text);
    if (!texts.some((t) => t.includes(m.text as string))) problems.push(`${path}: ${m.text} is in no text`);
  });
  return problems;
}

/** Every TextBlock text and fact of a card, in order. */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node)) return;
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
    if (node.type === 'FactSet' && Array.isArray(node.facts)) for (const f of node.facts as Obj[]) out.push(String(f.title), String(f.value));
    for (const [k, v] of Object.entries(node)) if (k !== 'msteams' && typeof v === 'object') walk(v);
  };
  walk(card);
  return out;
}

/** Every action of a card (card-level and in action sets), in order. */
export function cardActions(card: unknown): Obj[] {
  const out: Obj[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node)) return;
    if (typeof node.type === 'string' && node.type.startsWith('Action.')) out.push(node);
    for (const v of Object.values(node)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out;
}

/** Every element of a type (inputs, images, tables…), in order. */
export function elementsOfType(card: unknown, type: string): Obj[] {
  const out: Obj[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node)) return;
    if (node.type === type) out.push(node);
    for (const v of Object.values(node)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out;
}

/** Characters that would format, link, tag or escape in Teams Markdown. */
export const MARKUP_CHARACTERS = /[*_~`[\]<>|\\]/;

/**
 * A Teams Markdown text with the desk's own markup removed: `<at>…</at>` mentions, `[label](url)`
 * links (the label kept), code spans (the code kept), `**` around bold and `_` around italics, and
 * underscores inside an ASCII word (`erika_m`, inert everywhere). What remains came from words,
 * ours or strangers', and must hold no markup character.
 */
export function withoutOwnMarkup(text: string): string {
  return text
    .replace(/<at>[^<>]*<\/at>/g, '')
    .replace(/\[([^[\]]*)\]\(https?:\/\/[^\s()]+\)/g, '$1')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/(^|[\s(“„"'])_(?=\S)/gm, '$1')
    .replace(/(\S)_(?=$|[\s)”“.,:;!?])/gm, '$1')
    .replace(/(?<=[A-Za-z0-9])_(?=[A-Za-z0-9])/g, '');
}

/** The first characters of lines that would open a Markdown block (list, heading, quote, code, rule). */
export const BLOCK_START = /^(?:[ \t]|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|#{1,6}(?:\s|$)|>|=+\s*$|(?:-\s*){3,}$|```|~~~)/m;
