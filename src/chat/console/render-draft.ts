import type { DraftView } from '../../use-cases/draft-reply.ts';
import type { ConsoleTexts } from './console-texts.ts';
import { type Html, html } from './html.ts';

/**
 * A reply draft on the asker's own page: where it came from, whether it needs editing and why, the
 * text in a read-only field that copies cleanly, facts to check. Everything in it is text: the model
 * wrote the draft and a commenter's name may be in it.
 */
export function renderConsoleDraft(draft: DraftView, t: ConsoleTexts): Html {
  const origin = draft.origin === 'model' ? t.draft.model : t.draft.saved(draft.savedReplyTitle ?? draft.savedReplyId ?? '—');
  const rows = Math.min(16, Math.max(4, Math.ceil(draft.text.length / 70) + draft.text.split('\n').length));
  return html`<div class="draft-view${draft.needsEditing ? ' needs-editing' : ''}" data-testid="draft-view" data-needs-editing="${draft.needsEditing ? 'yes' : 'no'}" lang="${draft.language}">
<p class="eyebrow">${origin}</p>
${draft.note ? html`<p class="hint">${draft.note}</p>` : ''}
${draft.needsEditing ? html`<p class="error">${t.draft.needsEditing}</p><ul class="draft-problems" data-testid="draft-problems">${draft.problems.map((p) => html`<li>${p.text}</li>`)}</ul>` : html`<p class="ok-text">${t.draft.passed}</p>`}
<label for="draft-text-${draft.draftId}">${t.draft.textLabel}</label>
<textarea id="draft-text-${draft.draftId}" class="draft-text" readonly rows="${String(rows)}" data-testid="draft-text">${draft.text}</textarea>
${draft.factsToCheck.length ? html`<p>${t.draft.facts}</p><ul class="draft-facts">${draft.factsToCheck.map((f) => html`<li>${f}</li>`)}</ul>` : ''}
</div>`;
}
