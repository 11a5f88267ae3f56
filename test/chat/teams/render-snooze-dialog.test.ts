import { describe, expect, it } from 'vitest';
import { type TaskModuleContinueResponse, renderTeamsSnoozeDialog, renderTeamsSnoozeDone, renderTeamsSnoozeMessage } from '../../../src/chat/teams/render-snooze-dialog.ts';
import { SNOOZE_CHOICE_INPUT_ID, SNOOZE_REASON_INPUT_ID, SNOOZE_TASK } from '../../../src/chat/teams/verbs.ts';
import type { SnoozeDialogView } from '../../../src/use-cases/prepare-snooze.ts';
import { SNOOZE_CHOICES, SNOOZE_REASON_MAX } from '../../../src/use-cases/snooze-reminders.ts';
import { MARKUP_CHARACTERS, adaptiveCardViolations, cardActions, cardTexts, elementsOfType, withoutOwnMarkup } from '../../support/adaptive-card.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const view = (over: Partial<SnoozeDialogView> = {}): SnoozeDialogView => ({
  locale: 'en',
  commentId: COMMENT_ID,
  comment: { authorName: 'erika.m', excerpt: 'Where is my order?' },
  ...over,
});

function dialog(response: ReturnType<typeof renderTeamsSnoozeDialog>): TaskModuleContinueResponse['task']['value'] {
  if (response.task.type !== 'continue') throw new Error(`expected the form, got ${JSON.stringify(response)}`);
  return response.task.value;
}

describe('renderTeamsSnoozeDialog', () => {
  it('answers task/fetch with a task module: title, size and the card as an attachment', () => {
    const value = dialog(renderTeamsSnoozeDialog(view()));
    expect(value).toMatchObject({ title: 'Snooze reminders', height: 'medium', width: 'medium', card: { contentType: 'application/vnd.microsoft.card.adaptive' } });
    expect(adaptiveCardViolations(value.card.content)).toEqual([]);
  });

  it('asks how long (every snooze choice, one hour preselected) and why (multiline, required, capped)', () => {
    const card = dialog(renderTeamsSnoozeDialog(view())).card.content;
    expect(elementsOfType(card, 'Input.ChoiceSet')).toEqual([
      {
        type: 'Input.ChoiceSet',
        id: SNOOZE_CHOICE_INPUT_ID,
        label: 'For how long?',
        style: 'compact',
        isRequired: true,
        value: '1h',
        choices: [
          { title: '15 minutes', value: '15m' },
          { title: '30 minutes', value: '30m' },
          { title: '1 hour', value: '1h' },
          { title: '2 hours', value: '2h' },
          { title: '4 hours', value: '4h' },
          { title: 'Until the next working period', value: 'next' },
        ],
      },
    ]);
    expect(elementsOfType(card, 'Input.Text')).toEqual([
      {
        type: 'Input.Text',
        id: SNOOZE_REASON_INPUT_ID,
        label: 'Why? (goes into the log)',
        placeholder: 'e.g. waiting for the product team',
        isMultiline: true,
        maxLength: SNOOZE_REASON_MAX,
        isRequired: true,
        errorMessage: 'Please say why, in a few words.',
      },
    ]);
  });

  it('submits the snooze task with the comment id (the inputs come with it)', () => {
    const card = dialog(renderTeamsSnoozeDialog(view())).card.content;
    expect(cardActions(card)).toEqual([{ type: 'Action.Submit', title: 'Snooze', data: { desk: SNOOZE_TASK, c: COMMENT_ID }, style: 'positive' }]);
  });

  it('German', () => {
    const value = dialog(renderTeamsSnoozeDialog(view({ locale: 'de' })));
    expect(value.title).toBe('Erinnerungen pausieren');
    const choices = elementsOfType(value.card.content, 'Input.ChoiceSet')[0]!.choices as { title: string; value: string }[];
    expect(choices.map((c) => c.value)).toEqual([...SNOOZE_CHOICES]);
    expect(choices[0]!.title).toBe('15 Minuten');
    expect(cardActions(value.card.content)[0]!.title).toBe('Pausieren');
  });

  it('shows the comment and its author as text', () => {
    const card = dialog(renderTeamsSnoozeDialog(view({ comment: { authorName: '<at>Ben</at> **x**', excerpt: '[click](https://evil.example) _y_ <b>' } }))).card.content;
    const [intro] = cardTexts(card);
    expect(intro).toBe('Reminders and escalations for the comment by **＜at＞Ben＜/at＞ ∗∗x∗∗** pause until then: “［click］(https://evil.example) ＿y＿ ＜b＞”');
    expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(intro!))).toBe(false);
    expect(card.msteams.entities).toBeUndefined();
  });

  it('comes back filled in, the refusal above the field it is about', () => {
    const card = dialog(
      renderTeamsSnoozeDialog(view(), { choice: '4h', reason: '  ', error: { field: 'reason', message: 'Please say why, in a few words.' } }),
    ).card.content;
    expect(card.body.map((e) => e.type)).toEqual(['TextBlock', 'Input.ChoiceSet', 'TextBlock', 'Input.Text']);
    expect(card.body[2]).toMatchObject({ text: '**Please say why, in a few words.**', color: 'Attention' });
    expect(elementsOfType(card, 'Input.ChoiceSet')[0]!.value).toBe('4h');
    expect(adaptiveCardViolations(card)).toEqual([]);

    const duration = dialog(renderTeamsSnoozeDialog(view(), { choice: 'forever', reason: 'waiting', error: { field: 'duration', message: 'Closed.' } })).card.content;
    expect(duration.body.map((e) => e.type)).toEqual(['TextBlock', 'TextBlock', 'Input.ChoiceSet', 'Input.Text']);
    // A value that is no choice falls back to the default.
    expect(elementsOfType(duration, 'Input.ChoiceSet')[0]!.value).toBe('1h');
    expect(elementsOfType(duration, 'Input.Text')[0]!.value).toBe('waiting');
  });

  it('a comment that is gone: a message instead of the form', () => {
    expect(renderTeamsSnoozeDialog(view({ comment: null }))).toEqual({ task: { type: 'message', value: 'That comment no longer exists in the desk.' } });
    expect(renderTeamsSnoozeDialog(view({ comment: null, locale: 'de' })).task.type).toBe('message');
  });
});

describe('renderTeamsSnoozeMessage and renderTeamsSnoozeDone', () => {
  it('a short plain message', () => {
    expect(renderTeamsSnoozeMessage('This dialog is out of date.\nClose it.')).toEqual({ task: { type: 'message', value: 'This dialog is out of date. Close it.' } });
    expect(renderTeamsSnoozeMessage('x'.repeat(2000)).task.value.length).toBe(500);
  });

  it('says until when, in the person’s language and zone', () => {
    const until = new Date('2026-03-02T14:00:00Z');
    expect(renderTeamsSnoozeDone(until, 'en', 'Europe/Berlin').task.value).toBe('Snoozed. Reminders resume 2 Mar 2026, 15:00 CET.');
    expect(renderTeamsSnoozeDone(until, 'de', 'Europe/Berlin').task.value).toMatch(/2\. März 2026, 15:00 MEZ/);
  });
});
