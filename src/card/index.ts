/** The result card: a ResultCard drawn as a PNG (ECharts SVG on the server, resvg with a Chinese font). */
export { CARD_WIDTH, cardOption } from './chart-option.js';
export { type CardFont, findCardFont, KNOWN_CJK_FONTS } from './fonts.js';
export { type CardPicture, type CardRenderer, cardSvg, createCardRenderer, PICTURE_WIDTH, rasterise } from './render.js';
export { type OutlineFont, openOutlineFont } from './text-paths.js';
