/**
 * ResultCard → PNG: Apache ECharts draws the chart as SVG on the server (no DOM, no canvas), resvg turns the SVG into
 * a PNG, its text drawn as outlines of a Chinese font the machine has (the Dockerfile and the test set-up install one). Without such a font the
 * renderer is not available at all: a card whose Chinese came out as empty boxes would be worse than no card.
 *
 * ECharts is loaded on the first render only, so a process that never sends a card never pays for it (src/app loads
 * this whole module with the first card); the PNG is rasterised and compressed on libuv's thread pool (renderAsync,
 * png.ts), so a render holds up other users' turns only for the SVG.
 */
import { createHash } from 'node:crypto';
import { renderAsync } from '@resvg/resvg-js';
import { LruCache } from '../cache/lru-cache.js';
import type { CardPicture, CardRenderer, ResultCard } from '../contract/index.js';
import type { CardFont } from './fonts.js';

export type { CardPicture, CardRenderer } from '../contract/index.js';
import { cardOption } from './chart-option.js';
import { encodePng } from './png.js';
import { type OutlineFont, openOutlineFont } from './text-paths.js';

/**
 * The layout is drawn in CARD_WIDTH units and the picture scaled to this many pixels: wide enough for a phone screen
 * (the product asks for at least 800 px), and no wider, as every pixel costs rasterising and compression time.
 */
export const PICTURE_WIDTH = 800;

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
  const { svg } = await cardSvg(card, font.family);
  const image = await rasterise(outlines.outline(svg), PICTURE_WIDTH);
  const png = await encodePng(image.pixels, image.width, image.height);
  return { png, width: image.width, height: image.height, key };
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
