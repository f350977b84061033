/**
 * The result card on a WeCom app: after the text result, the PNG is uploaded as temporary media (media/upload,
 * type=image, multipart; document 90253) and sent as an image message naming its media_id. The same card is not
 * uploaded again while its media_id is valid (3 days, 90253); an id WeCom forgot early (40007) is uploaded again.
 * A refused upload or a card that cannot be drawn still leaves the member the text, and a line in the log; the image
 * message counts against the member's 30 per minute like a text (90454).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardRenderer, TurnHandler } from '../../../src/contract/index.js';
import { createMemberThrottle, createTokenCache, createWecomSender } from '../../../src/channels/wecom/index.js';
import { readPng } from '../../support/png.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { startWecomApiServer, type WecomApiServer } from '../../support/wecom-api-server.js';
import { brokenCardRenderer, realCardRenderer, resultWithCard, SHANGHAI_CARD } from '../result-card-fixture.js';
import { buildApp, sealedPost, testConfig, textMessageXml, VECTOR_B } from './fixtures.js';

const fastSleep = async () => {};
const renderer = realCardRenderer();
/** A turn that ends in a finished result with its card (the stand-in for the dialog). */
const resultTurn: TurnHandler = { handle: async () => ({ status: 'applied', replies: resultWithCard() }) };

function recordingLog() {
  const lines: Array<{ obj: object; msg?: string }> = [];
  return { lines, warn: (obj: object, msg?: string) => void lines.push({ obj, msg }) };
}

describe('WeCom result card', () => {
  const redis = connectTestRedis();
  let api: WecomApiServer;
  let prefix: string;
  let app: FastifyInstance | undefined;
  beforeEach(async () => {
    api = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
    prefix = uniquePrefix('wecom-card');
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await api.close();
  });
  afterAll(() => redis.quit());

  const senderWith = (cards: CardRenderer, log = recordingLog(), extra: object = {}) =>
    createWecomSender({
      config: testConfig(api.url),
      tokenCache: createTokenCache({ redis, prefix }),
      redis,
      prefix,
      sleep: fastSleep,
      cards,
      logger: log,
      ...extra,
    });

  async function memberWrites(cards: CardRenderer, log = recordingLog(), member = 'ZhaoLiu', msgId = '7001') {
    app = await buildApp({ config: testConfig(api.url), handler: resultTurn, sender: senderWith(cards, log) });
    const { url, body } = sealedPost(textMessageXml(member, '看结果', msgId));
    const res = await app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'text/xml' } });
    expect(res.statusCode).toBe(200);
    return log;
  }

  it('a member gets the text result, then the card: a PNG ≥ 800 px uploaded after the text, sent by its media_id', async () => {
    await memberWrites(renderer);
    const [text, image] = await api.waitForSends(2);
    expect(text!.body.msgtype).toBe('text');
    expect(text!.body.text.content).toContain('合计 135 分');
    expect(api.uploads).toHaveLength(1);
    const upload = api.uploads[0]!;
    expect(upload.query.type).toBe('image');
    expect(upload.at).toBeGreaterThanOrEqual(text!.at);
    expect(upload.file.filename).toMatch(/\.png$/);
    expect(readPng(upload.file.data).width).toBeGreaterThanOrEqual(800);
    expect(image!.body).toMatchObject({ touser: 'ZhaoLiu', msgtype: 'image', agentid: 1000002, image: { media_id: upload.mediaId } });
  });

  it('the same card to another member (or another process) reuses the media_id, kept for at most its 3 days', async () => {
    const target = (chatId: string) => ({ channel: 'wecom' as const, chatId, userId: chatId });
    await senderWith(renderer).send(target('ZhaoLiu'), resultWithCard());
    await senderWith(realCardRenderer()).send(target('QianQi'), resultWithCard());
    expect(api.uploads).toHaveLength(1);
    const images = api.sends.filter((s) => s.body.msgtype === 'image');
    expect(images.map((s) => [s.body.touser, s.body.image.media_id])).toEqual([
      ['ZhaoLiu', api.uploads[0]!.mediaId],
      ['QianQi', api.uploads[0]!.mediaId],
    ]);
    const keys = await redis.keys(`${prefix}wecom:media:*`);
    expect(keys).toHaveLength(1);
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3 * 24 * 3600 * 1000); // document 90253: valid three days
    // Another card is another picture.
    await senderWith(renderer).send(target('ZhaoLiu'), resultWithCard({ ...SHANGHAI_CARD, subtitle: '2026-12-03 · 合计 138 分' }));
    expect(api.uploads).toHaveLength(2);
  });

  it('a media_id WeCom no longer knows (40007) is uploaded again and the image still arrives', async () => {
    const target = { channel: 'wecom' as const, chatId: 'ZhaoLiu', userId: 'ZhaoLiu' };
    await senderWith(renderer).send(target, resultWithCard());
    api.expireMedia();
    await senderWith(renderer).send(target, resultWithCard());
    expect(api.uploads).toHaveLength(2);
    const images = api.sends.filter((s) => s.body.msgtype === 'image');
    expect(images.map((s) => s.body.image.media_id)).toEqual([api.uploads[0]!.mediaId, api.uploads[1]!.mediaId]);
  });

  it('a refused upload leaves the text delivered, no image message, and a warning in the log', async () => {
    api.failUploads.push(40006);
    const log = await memberWrites(renderer);
    await api.waitForSends(1);
    await expect.poll(() => log.lines.length).toBe(1);
    expect(log.lines[0]!.msg).toContain('card not sent');
    expect(JSON.stringify(log.lines[0]!.obj)).toContain('40006');
    expect(api.refusedUploads.map((r) => r.errcode)).toEqual([40006]);
    expect(api.sends.map((s) => s.body.msgtype)).toEqual(['text']);
  });

  it('a card that cannot be drawn leaves the text delivered, nothing uploaded, and a warning in the log', async () => {
    const log = await memberWrites(brokenCardRenderer);
    await api.waitForSends(1);
    await expect.poll(() => log.lines.length).toBe(1);
    expect(JSON.stringify(log.lines[0]!.obj)).toContain('card font unreadable');
    expect(api.uploads).toHaveLength(0);
    expect(api.sends.map((s) => s.body.msgtype)).toEqual(['text']);
  });

  it('the image message waits for a free slot in the member limit like a text', async () => {
    let now = 5_000_000;
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    };
    // One message per minute: the text takes the slot, the image must wait for the next one.
    const throttle = createMemberThrottle({ prefix, limits: [{ windowMs: 60_000, max: 1 }], now: () => now, sleep });
    const target = { channel: 'wecom' as const, chatId: 'ZhaoLiu', userId: 'ZhaoLiu' };
    await senderWith(renderer, recordingLog(), { throttle }).send(target, resultWithCard());
    expect(api.sends.map((s) => s.body.msgtype)).toEqual(['text', 'image']);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(60_000);
  });
});
