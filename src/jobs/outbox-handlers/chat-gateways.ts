import type { ChatGateway } from '../../chat/port.ts';
import { DeliveryError } from '../../domain/delivery-error.ts';

/** The running chat gateways, by platform id. */
export type ChatGateways = ReadonlyMap<string, ChatGateway>;

export function chatGateways(gateways: readonly ChatGateway[]): ChatGateways {
  return new Map(gateways.map((g) => [g.platform, g]));
}

/** The gateway of a row's platform; with none running (not configured, or not in this version) the row waits. */
export function gatewayFor(gateways: ChatGateways, platform: string): ChatGateway {
  const gateway = gateways.get(platform);
  if (!gateway) throw new DeliveryError(`no chat gateway for ${platform} is running`, 'unavailable');
  return gateway;
}
