import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedJsonCheck, readSignedJson } from '../../src/http/read-signed-json.ts';
import { sendJson } from '../../src/http/respond.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/logger.ts';
import { signHmacBody } from '../../src/sources/verify-hmac-signature.ts';

const log = createLogger('silent');
const base = { unsetMessage: 'SECRET is not set', signatureHeader: 'x-signature-256', badSignatureMessage: 'bad signature' };
const CHECKS: Record<string, SignedJsonCheck> = {
  '/set': { ...base, secret: 'the-secret' },
  '/unset': { ...base, secret: undefined },
  '/unset-but-samples': { ...base, secret: undefined, whileUnsetAccept: 'own-secret' },
};

describe('readSignedJson', () => {
  let url = '';
  let close: () => Promise<void>;
  beforeAll(async () => {
    const routes = Object.fromEntries(
      Object.entries(CHECKS).map(([path, check]) => [
        `POST ${path}`,
        async (req: Parameters<typeof readSignedJson>[0], res: Parameters<typeof readSignedJson>[1]) => {
          const body = await readSignedJson(req, res, check, log);
          if (body) sendJson(res, 200, { got: body.value });
        },
      ]),
    );
    const server = createHttpServer(routes, log);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  async function post(path: string, raw: string, signedWith?: string) {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: signedWith ? { 'x-signature-256': signHmacBody(raw, signedWith) } : {}, body: raw });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('with a secret: takes what is signed with it, 401 for anything else, 400 for bad JSON', async () => {
    expect(await post('/set', '{"a":1}', 'the-secret')).toEqual({ status: 200, body: { got: { a: 1 } } });
    expect(await post('/set', '{"a":1}', 'own-secret')).toEqual({ status: 401, body: { error: 'bad signature' } });
    expect(await post('/set', '{"a":1}')).toEqual({ status: 401, body: { error: 'bad signature' } });
    expect((await post('/set', '{"a":', 'the-secret')).status).toBe(400);
  });

  it('without a secret: closed, 503', async () => {
    expect(await post('/unset', '{"a":1}', 'own-secret')).toEqual({ status: 503, body: { error: 'SECRET is not set' } });
  });

  it('without a secret but with one of its own: takes only what is signed with that, anyone else gets the 503', async () => {
    expect(await post('/unset-but-samples', '{"a":1}', 'own-secret')).toEqual({ status: 200, body: { got: { a: 1 } } });
    expect(await post('/unset-but-samples', '{"a":1}', 'guessed')).toEqual({ status: 503, body: { error: 'SECRET is not set' } });
    expect(await post('/unset-but-samples', '{"a":1}')).toEqual({ status: 503, body: { error: 'SECRET is not set' } });
    expect(await post('/unset-but-samples', '{"a":1}', '')).toEqual({ status: 503, body: { error: 'SECRET is not set' } });
    expect((await post('/unset-but-samples', '{"a":', 'own-secret')).status).toBe(400);
  });
});
