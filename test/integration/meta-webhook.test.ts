import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CHANNELS, META_VERIFY_TOKEN, blocksText, cardMessage, postMeta, startTestDesk } from '../support/desk-harness.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/meta/${name}`, import.meta.url), 'utf8')) as unknown;

describe.each(backends())('Meta webhooks on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase(backend);
    desk = await startTestDesk({ standIn, db: database.db });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  it('answers the subscription check only with the right verify token', async () => {
    const ok = await fetch(`${desk.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=${META_VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${desk.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
  });

  it('takes a Facebook comment once, shows edits on the card, and closes it when removed at the source', async () => {
    const add = fixture('facebook-feed-comment-add.json');
    const first = await postMeta(desk, add);
    expect(first.status).toBe(200);
    expect(first.json.outcomes).toEqual(['created']);
    expect((await postMeta(desk, add)).json.outcomes).toEqual(['duplicate']);

    const comment = await desk.db.prisma.comment.findUniqueOrThrow({
      where: { source_externalId: { source: 'facebook', externalId: '822334455667788_1122334455667788' } },
    });
    expect(comment).toMatchObject({ authorName: 'Erika Mustermann', text: 'Wann kommt die neue Staffel?', teamId: 'community' });
    await standIn.waitFor(() => cardMessage(standIn, CHANNELS.community, comment.id));

    expect((await postMeta(desk, fixture('facebook-feed-comment-edited.json'))).json.outcomes).toEqual(['edited']);
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, comment.id)?.blocks).includes('Gibt es schon ein Datum?'));

    expect((await postMeta(desk, fixture('facebook-feed-comment-remove.json'))).json.outcomes).toEqual(['removed']);
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, comment.id)?.blocks).includes('An der Quelle entfernt'));
    const after = await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: comment.id } });
    expect(after.status).toBe('removed');
    const types = (await desk.db.prisma.event.findMany({ where: { commentId: comment.id }, orderBy: { id: 'asc' } })).map((e) => e.type);
    expect(types).toEqual(['received', 'edited_at_source', 'removed_at_source']);
    const posts = standIn.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.args.metadata ?? {}).includes(comment.id));
    expect(posts).toHaveLength(1);
  });

  it('takes Instagram comments and ignores everything else in a mixed batch', async () => {
    const ig = await postMeta(desk, fixture('instagram-comments.json'));
    expect(ig.status).toBe(200);
    expect((ig.json.outcomes as string[]).every((o) => o === 'created')).toBe(true);
    const stored = await desk.db.prisma.comment.count({ where: { source: 'instagram' } });
    expect(stored).toBe((ig.json.outcomes as string[]).length);

    const mixed = await postMeta(desk, fixture('facebook-feed-mixed-batch.json'));
    expect(mixed.status).toBe(200);
    expect(mixed.json.ignored as number).toBeGreaterThan(0);
  });
});
