/**
 * The chart's <text> elements turned into <path> outlines with a font parsed once (fontkit), before rasterising.
 * resvg lays out each text element anew, with its own font look-ups, which made text most of a card's render time;
 * outlines from a font kept in memory leave resvg only shapes to fill. It also makes the picture independent of the
 * fonts resvg would find: what is drawn is exactly the configured font's glyphs.
 *
 * Handles what ECharts' SVG renderer writes for text: `x`/`y`, `transform="translate(a b)"`, `text-anchor`,
 * `dominant-baseline`, font size and weight in `style`, `fill`, and an outline stroke (labels on bars).
 */
import * as fontkit from 'fontkit';
import { LruCache } from '../cache/lru-cache.js';

interface Glyph {
  id: number;
  path: { toSVG(): string };
  advanceWidth: number;
}
interface LayoutFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  layout(text: string): { glyphs: Glyph[]; positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }> };
}

/**
 * A text laid out once: references to its glyphs, placed in font units, the glyphs it uses and its advance. Axis
 * labels and titles recur on every card. Each glyph's outline is written once per SVG (a <defs> entry the pieces
 * <use>), not once per occurrence: the texts kept here stay small, so a run of different cards does not fill the old
 * generation with copies of outlines, and resvg parses each outline once per card.
 */
interface ShapedText {
  pieces: string;
  glyphs: number[];
  advance: number;
}
const SHAPED_TEXTS = 4096;

export interface OutlineFont {
  /** The SVG with every <text> replaced by its outline paths. */
  outline(svg: string): string;
}

/** Opens a font file (a .ttc collection: its face named `family`, or its first). */
export function openOutlineFont(file: string, family: string): OutlineFont {
  const opened = fontkit.openSync(file) as unknown as { fonts?: Array<LayoutFont & { familyName: string }> } & LayoutFont;
  const font: LayoutFont = opened.fonts ? (opened.fonts.find((f) => f.familyName === family) ?? opened.fonts[0]!) : opened;
  const glyphPaths = new Map<number, string>();
  const pathOf = (g: Glyph) => {
    let d = glyphPaths.get(g.id);
    if (d === undefined) {
      d = g.path.toSVG();
      glyphPaths.set(g.id, d);
    }
    return d;
  };
  const shaped = new LruCache<ShapedText>(SHAPED_TEXTS);
  const shape = (content: string): ShapedText => {
    let text = shaped.get(content);
    if (!text) {
      text = shapeText(font, pathOf, content);
      shaped.set(content, text);
    }
    return text;
  };
  return {
    outline(svg) {
      const used = new Set<number>();
      const body = svg.replace(TEXT_ELEMENT, (_all, attrs: string, content: string) => textPaths(font, shape, used, attrs, content));
      let defs = '<defs>';
      for (const id of used) defs += `<path id="${GLYPH_ID}${id}" d="${glyphPaths.get(id)}"/>`;
      return body.replace(SVG_START, (start) => `${start}${defs}</defs>`);
    },
  };
}

/** The <defs> ids of glyph outlines: a prefix ECharts' own ids (zr…) never take. */
const GLYPH_ID = 'jfg';
const SVG_START = /<svg\b[^>]*>/;

function shapeText(font: LayoutFont, pathOf: (g: Glyph) => string, content: string): ShapedText {
  const layout = font.layout(content);
  let pen = 0;
  const pieces: string[] = [];
  const glyphs: number[] = [];
  for (let i = 0; i < layout.glyphs.length; i++) {
    const pos = layout.positions[i]!;
    const glyph = layout.glyphs[i]!;
    if (pathOf(glyph)) {
      pieces.push(`<use href="#${GLYPH_ID}${glyph.id}" transform="translate(${round(pen + pos.xOffset)} 0)"/>`);
      glyphs.push(glyph.id);
    }
    pen += pos.xAdvance;
  }
  return { pieces: pieces.join(''), glyphs, advance: pen };
}

const TEXT_ELEMENT = /<text\b([^>]*)>([^<]*)<\/text>/g;

function textPaths(font: LayoutFont, shape: (content: string) => ShapedText, used: Set<number>, attrs: string, raw: string): string {
  const content = decodeEntities(raw);
  if (!content.trim()) return '';
  const style = attr(attrs, 'style') ?? '';
  const size = Number(/font-size:\s*([\d.]+)px/.exec(style)?.[1] ?? attr(attrs, 'font-size') ?? 12);
  const bold = /font-weight:\s*(bold|[6-9]00)/.test(style);
  const scale = size / font.unitsPerEm;
  const { pieces, glyphs, advance } = shape(content);
  for (const id of glyphs) used.add(id);
  const width = advance * scale;
  const [tx, ty] = translation(attrs);
  const anchor = attr(attrs, 'text-anchor') ?? 'start';
  let x = tx + Number(attr(attrs, 'x') ?? 0);
  if (anchor === 'middle') x -= width / 2;
  else if (anchor === 'end') x -= width;
  const baseline = attr(attrs, 'dominant-baseline') ?? 'alphabetic';
  let y = ty + Number(attr(attrs, 'y') ?? 0);
  // Where the alphabetic baseline sits relative to the anchor point ECharts gave.
  if (baseline === 'central' || baseline === 'middle') y += ((font.ascent + font.descent) / 2) * scale;
  else if (baseline === 'hanging' || baseline === 'text-before-edge') y += font.ascent * scale;
  const fill = attr(attrs, 'fill') ?? '#000';
  const stroke = attr(attrs, 'stroke');
  const strokeWidth = Number(attr(attrs, 'stroke-width') ?? 0);

  // Glyphs are in font units with y up: one group moves them to the anchor and flips them.
  const group = `transform="translate(${round(x)} ${round(y)}) scale(${round(scale, 6)} ${round(-scale, 6)})"`;
  const boldStroke = bold ? ` stroke="${fill}" stroke-width="${round(size / 28 / scale)}"` : '';
  const halo =
    stroke && strokeWidth > 0
      ? `<g ${group} fill="${stroke}" stroke="${stroke}" stroke-width="${round((strokeWidth * 2) / scale)}" stroke-linejoin="round">${pieces}</g>`
      : '';
  return `${halo}<g ${group} fill="${fill}"${boldStroke}>${pieces}</g>`;
}

function attr(attrs: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];
}

function translation(attrs: string): [number, number] {
  const m = /translate\(\s*([-\d.e]+)[\s,]+([-\d.e]+)\s*\)/.exec(attr(attrs, 'transform') ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
