// The memory benchmark's baseline: a bare Bolt app (HTTPReceiver, one listener that acks), started
// the same way as the desk (node with the tsx loader), so both pay the same runtime and loader.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const receiver = new HTTPReceiver({ signingSecret: 'bench-signing-secret' });
const app = new App({ token: 'xoxb-bench', receiver, logLevel: LogLevel.ERROR, tokenVerificationEnabled: false });
app.action(/.*/, async ({ ack }) => {
  await ack();
});
const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
console.log(JSON.stringify({ msg: 'bare Bolt is running', port: (server.address() as AddressInfo).port }));
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
