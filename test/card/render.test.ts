/**
 * The result card as a user's phone receives it: a valid PNG at least 800 px wide, real Chinese glyphs (the pixels
 * of the title differ from a render with the font removed), the same facts giving the same picture without a second
 * render, and a golden image for the layout that tolerates anti-aliasing.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { cardSvg, createCardRenderer, findCardFont, openOutlineFont, rasterise } from '../../src/card/index.js';
import type { ResultCard } from '../../src/contract/index.js';

const font = findCardFont();
const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A fixed card (the layout's golden input): Shanghai, 105 of 120, the road with and without 电工二级. */
const card: ResultCard = {
  title: '上海市居住证积分',
  subtitle: '2026-12-01 · 合计 105 分，标准 120 分',
  bars: [
    { label: '合计', min: 105, max: 105, estimated: false, total: true },
    { label: '年龄', min: 30, max: 30, estimated: false },
    { label: '技能等级', min: 60, max: 60, estimated: false },
    { label: '社保年限', min: 15, max: 15, estimated: false },
  ],
  threshold: 120,
  thresholdLabel: '标准 120',
  road: {
    title: '到标准分的路（每年的分数）',
    years: [2026, 2027, 2028, 2029, 2030, 2031],
    without: [105, 108, 111, 114, 117, 120],
    with: [145, 148, 151, 154, 157, 160],
    withoutLabel: '只靠时间',
    withLabel: '考下电工二级（技师）',
    threshold: 120,
  },
  note: '按官方公布的规则计算；政策会变，办理前请向当地官方渠道确认。',
};

function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

describe('result card', () => {
  it('finds a Chinese font installed by the test set-up', () => {
    expect(font, 'install fonts-wqy-microhei (scripts/install-test-deps.sh)').toBeDefined();
  });

  it('renders a PNG of at least 800 px width', async () => {
    const picture = await createCardRenderer(font!).render(card);
    expect(picture.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const image = decode(Buffer.from(picture.png));
    expect(image.width).toBeGreaterThanOrEqual(800);
    expect(image.height).toBe(picture.height);
  });

  it('draws real Chinese glyphs, not nothing or boxes: the title differs from a render without the font', async () => {
    const { svg, width } = await cardSvg(card, font!.family);
    const withFont = await rasterise(openOutlineFont(font!.file, font!.family).outline(svg), width);
    const without = await rasterise(svg, width);
    // The title sits in the top band (y 20–70, x 30–450): count the pixels that are dark with the font.
    const dark = (img: { pixels: Buffer; width: number }) => {
      let n = 0;
      for (let y = 20; y < 70; y++)
        for (let x = 30; x < 450; x++) {
          const i = (y * img.width + x) * 4;
          if (img.pixels[i]! < 128 && img.pixels[i + 1]! < 128 && img.pixels[i + 2]! < 128) n++;
        }
      return n;
    };
    const a = dark({ pixels: withFont.pixels, width: withFont.width });
    const b = dark({ pixels: without.pixels, width: without.width });
    expect(a).toBeGreaterThan(1500); // eight characters at 30 px carry a few thousand dark pixels
    expect(b).toBe(0);
  });

  it('gives the same facts the same picture without rendering again', async () => {
    const renderer = createCardRenderer(font!);
    const first = renderer.render(card);
    const again = renderer.render(structuredClone(card));
    expect(again).toBe(first);
    const other = await renderer.render({ ...card, subtitle: '2026-12-02 · 合计 105 分，标准 120 分' });
    expect(other.key).not.toBe((await first).key);
  });

  it('matches the golden image within anti-aliasing', async () => {
    const golden = join(FIXTURES, 'shanghai-card.png');
    const picture = await createCardRenderer(font!).render(card);
    // A deliberate layout change: UPDATE_CARD_GOLDEN=1 npx vitest run test/card, then look at the new image.
    if (process.env.UPDATE_CARD_GOLDEN === '1') writeFileSync(golden, picture.png);
    expect(existsSync(golden), 'test/card/fixtures/shanghai-card.png').toBe(true);
    const want = decode(readFileSync(golden));
    const got = decode(Buffer.from(picture.png));
    expect([got.width, got.height]).toEqual([want.width, want.height]);
    let off = 0;
    for (let i = 0; i < want.data.length; i += 4) {
      const d = Math.max(
        Math.abs(want.data[i]! - got.data[i]!),
        Math.abs(want.data[i + 1]! - got.data[i + 1]!),
        Math.abs(want.data[i + 2]! - got.data[i + 2]!),
      );
      if (d > 64) off++;
    }
    // Anti-aliasing moves edge pixels a little between renderer builds; a changed layout moves thousands.
    expect(off / (want.width * want.height)).toBeLessThan(0.005);
  });
});
