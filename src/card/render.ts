/**
 * ResultCard → PNG: Apache ECharts draws the chart as SVG on the server (no DOM, no canvas), resvg turns the SVG into
 * a PNG, its text drawn as outlines of a Chinese font the machine has (the Dockerfile and the test set-up install one). Without such a font the
 * renderer is not available at all: a card whose Chinese came out as empty boxes would be worse than no card.
 *
 * ECharts is loaded on the first render only, so a process that never sends a card never pays for it; the PNG is
 * rasterised on libuv's thread pool (renderAsync), so a render does not hold up other users' turns.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { renderAsync } from '@resvg/resvg-js';
import { LruCache } from '../cache/lru-cache.js';
import type { CardPicture, CardRenderer, ResultCard } from '../contract/index.js';

export type { CardPicture, CardRenderer } from '../contract/index.js';
import { cardOption } from './chart-option.js';
import { type OutlineFont, openOutlineFont } from './text-paths.js';

/** Fonts with simplified Chinese glyphs, by the Debian package that ships them. */
export const KNOWN_CJK_FONTS: ReadonlyArray<{ file: string; family: string }> = [
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYi Micro Hei' }, // fonts-wqy-microhei
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' }, // fonts-noto-cjk
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYi Zen Hei' }, // fonts-wqy-zenhei
];

export interface CardFont {
  file: string;
  family: string;
}

/** The configured font (CARD_FONT_FILE + CARD_FONT_FAMILY) or the first known one installed; undefined: none. */
export function findCardFont(configured?: CardFont): CardFont | undefined {
  if (configured) return existsSync(configured.file) ? configured : undefined;
  return KNOWN_CJK_FONTS.find((f) => existsSync(f.file));
}

type EchartsModule = typeof import('echarts');
let echartsModule: Promise<EchartsModule> | undefined;
const loadEcharts = () => {
  echartsModule ??= import('echarts');
  return echartsModule;
};

/** A renderer that keeps the last `cacheSize` pictures by content. */
export function createCardRenderer(font: CardFont, cacheSize = 256): CardRenderer {
  const cache = new LruCache<Promise<CardPicture>>(cacheSize);
  const outlines = openOutlineFont(font.file, font.family);
  return {
    render(card) {
      const key = contentKey(card);
      const hit = cache.get(key);
      if (hit) return hit;
      const picture = draw(card, font, outlines, key);
      cache.set(key, picture);
      picture.catch(() => cache.delete(key));
      return picture;
    },
  };
}

/** The SVG ECharts draws for a card (exported for tests that look at the drawing, not the pixels). */
export async function cardSvg(card: ResultCard, fontFamily: string): Promise<{ svg: string; width: number; height: number }> {
  const echarts = await loadEcharts();
  const layout = cardOption(card, fontFamily);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: layout.width, height: layout.height });
  try {
    chart.setOption(layout.option);
    return { svg: chart.renderToSVGString(), width: layout.width, height: layout.height };
  } finally {
    chart.dispose();
  }
}

async function draw(card: ResultCard, font: CardFont, outlines: OutlineFont, key: string): Promise<CardPicture> {
  const { svg, width, height } = await cardSvg(card, font.family);
  const png = (await rasterise(outlines.outline(svg), width)).asPng();
  return { png, width, height, key };
}

/**
 * SVG → pixels, with no font at all: the card's text arrives as outlines (text-paths.ts), and any <text> left
 * would draw nothing — which is what the font test compares a card with.
 */
export function rasterise(svg: string, width: number) {
  return renderAsync(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false, fontFiles: [] },
  });
}

function contentKey(card: ResultCard): string {
  return createHash('sha256').update(JSON.stringify(card)).digest('base64url').slice(0, 22);
}
