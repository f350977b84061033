/**
 * Which Chinese font the card is drawn with. Kept apart from the renderer so that the wiring can decide at start-up
 * whether there are cards at all without loading the renderer (resvg, fontkit, ECharts), which only the first card
 * needs.
 */
import { existsSync } from 'node:fs';

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
