import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/server.ts';
import { readRawBody, sendJson } from '../../src/http/respond.ts';
import { createLogger } from '../../src/logger.ts';

const log = createLogger('silent');

/** Sends `text` on a raw connection and resolves with whatever the server answers before it closes the connection. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('createHttpServer limits', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  async function listen(limits: Parameters<typeof createHttpServer>[2]) {
    const server = createHttpServer(
      {
        'POST /echo': async (req, res) => {
          const body = await readRawBody(req);
          sendJson(res, 200, { bytes: body.length });
        },
      },
      log,
      limits,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));
    return { server, port: (server.address() as AddressInfo).port };
  }

  it('sets the timeouts and the connection cap explicitly (not Node’s 300 s defaults)', async () => {
    const { server } = await listen(undefined);
    expect(server.requestTimeout).toBe(30_000);
    expect(server.headersTimeout).toBe(10_000);
    expect(server.keepAliveTimeout).toBe(5_000);
    expect(server.maxConnections).toBe(1_000);
  });

  it('answers 408 and closes the connection of a client that never finishes its headers', async () => {
    const { port } = await listen({ headersTimeoutMs: 200, requestTimeoutMs: 300, checkIntervalMs: 50 });
    const answer = await rawExchange(port, 'POST /echo HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('answers 408 to a client that sends its body too slowly', async () => {
    const { port } = await listen({ headersTimeoutMs: 200, requestTimeoutMs: 300, checkIntervalMs: 50 });
    const answer = await rawExchange(port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a":');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('answers 503 with Retry-After, not 500, when a handler finds the database unreachable', async () => {
    const server = createHttpServer(
      {
        'POST /store': () => {
          throw Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } });
        },
      },
      log,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/store`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(((await res.json()) as { error: string }).error).toBe('database unreachable; nothing was acknowledged, please retry');
  });
});
