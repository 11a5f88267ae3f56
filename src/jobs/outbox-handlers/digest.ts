import { digestChart } from '../../chat/chart/digest-chart.ts';
import { DeliveryError } from '../../domain/delivery-error.ts';
import type { KpiStore } from '../../domain/kpi-store.ts';
import type { OutboxIntent } from '../../domain/outbox-intent.ts';
import type { OutboxHandler } from '../outbox-handler.ts';
import { type ChatGateways, gatewayFor } from './chat-gateways.ts';

export interface DigestHandlerDeps {
  /** Posted digests (absent: digest rows wait). */
  kpi?: KpiStore;
  gateways: ChatGateways;
}

/** The weekly digest as recorded, with its chart, into one of the team's channels. */
export function digestHandlers(deps: DigestHandlerDeps): Record<'kpi.digest', OutboxHandler> {
  return {
    'kpi.digest': async (row) => {
      const intent = row.intent as Extract<OutboxIntent, { kind: 'kpi.digest' }>;
      if (!deps.kpi) throw new DeliveryError('KPI storage is not connected', 'retry');
      const view = await deps.kpi.postedDigest(intent.teamId, intent.week);
      if (!view) return { failed: `no digest of ${intent.teamId} for ${intent.week} is stored` };
      await gatewayFor(deps.gateways, intent.platform).postDigest(intent.channel, view, digestChart(view));
      return 'sent';
    },
  };
}
