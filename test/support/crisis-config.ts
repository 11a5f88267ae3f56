import { type DeskConfig, deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import { testDeskConfig } from './desk-harness.ts';

export const STAKEHOLDER_CHANNEL = 'C0STAKEHOLD';

/**
 * The test desk with a crisis roster and one drill scenario: lead anna (deputy ben), communications
 * deniz, legal clara, social media deniz (deputy anna), management ops. Drills: the roster (default);
 * declaring: the lead role (anna, ben). Burst: `count` comments over `over`.
 */
export function crisisDeskConfig(options: { count?: number; over?: string; room?: { channel?: string; private?: boolean } } = {}): DeskConfig {
  return deskConfigSchema.parse({
    ...testDeskConfig(),
    crisis: {
      locale: 'de',
      stakeholderChannel: STAKEHOLDER_CHANNEL,
      ...(options.room ? { room: options.room } : {}),
      roster: {
        lead: { primary: 'anna', deputies: ['ben'] },
        communications: { primary: 'deniz' },
        legal: { primary: 'clara' },
        socialMedia: { primary: 'deniz', deputies: ['anna'] },
        management: { primary: 'ops' },
      },
      scenarios: [
        {
          id: 'recall',
          title: { de: 'Rückruf Müsliriegel', en: 'Granola bar recall' },
          situation: { de: 'Ein Foto von Plastikteilen im Riegel geht viral.', en: 'A photo of plastic in a bar goes viral.' },
          timeLimit: '1h',
          holdingStatement: { de: 'Wir wissen von dem Foto und prüfen es.', en: 'We are aware of the photo and are looking into it.' },
          checklist: [
            { id: 'acknowledge', title: { de: 'Bestätigen', en: 'Acknowledge' }, target: '5m', role: 'lead' },
            { id: 'inform-legal', title: { de: 'Recht informieren', en: 'Inform legal' }, target: '10m', role: 'legal' },
            { id: 'approve-statement', title: { de: 'Statement freigeben', en: 'Approve statement' }, target: '15m', role: 'communications', approvesStatement: true },
            { id: 'all-clear', title: { de: 'Entwarnung', en: 'All-clear' }, target: '30m', role: 'lead' },
          ],
          burst: {
            count: options.count ?? 30,
            over: options.over ?? '5m',
            sources: ['facebook', 'instagram'],
            language: 'de',
            tones: [
              { tone: 'angry', share: 70, phrases: ['Unfassbar, Plastik im Essen!', 'Ich will mein Geld zurück.'] },
              { tone: 'worried', share: 30, phrases: ['Ist das gefährlich für Kinder?', 'Welche Chargen sind betroffen?'] },
            ],
          },
        },
      ],
    },
  });
}
