/**
 * The result card's renderer from the configuration: on unless CARDS=off, with the configured font or the first
 * known Chinese font installed. Without a font there is no renderer, and every channel sends the text result only.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CardFont, findCardFont } from '../card/fonts.js';
import type { CardRenderer, ResultCard } from '../contract/index.js';
import type { CardTexts } from '../dialog/result-card.js';
import { fill } from '../text/template.js';
import type { ServerSettings } from './config.js';

export type CardSettings = Pick<ServerSettings, 'CARDS' | 'CARD_FONT_FILE' | 'CARD_FONT_FAMILY'>;

/** undefined when cards are off or no Chinese font is installed (`onNoFont` is told, once, at start-up). */
export function cardRendererFrom(settings: CardSettings, onNoFont: (message: string) => void): CardRenderer | undefined {
  if (settings.CARDS === 'off') return undefined;
  const configured =
    settings.CARD_FONT_FILE !== undefined
      ? { file: settings.CARD_FONT_FILE, family: settings.CARD_FONT_FAMILY ?? 'WenQuanYi Micro Hei' }
      : undefined;
  const font = findCardFont(configured);
  if (!font) {
    onNoFont(
      configured
        ? `result cards off: CARD_FONT_FILE ${configured.file} does not exist`
        : 'result cards off: no Chinese font installed (apt-get install fonts-wqy-microhei, or set CARD_FONT_FILE)',
    );
    return undefined;
  }
  return lazyRenderer(font);
}

/** The renderer and its libraries load with the first card, not at start-up (a process may never send one). */
function lazyRenderer(font: CardFont): CardRenderer {
  let renderer: Promise<CardRenderer> | undefined;
  return {
    async render(card) {
      renderer ??= import('../card/index.js').then((m) => m.createCardRenderer(font));
      return (await renderer).render(card);
    },
  };
}

/** The terminal chat's card: saved as a PNG file; the line to print says where (or that the text is the result). */
export function saveCardToFile(renderer: CardRenderer, dir: string | undefined, texts: Pick<CardTexts, 'savedTo' | 'notSaved'>) {
  const folder = dir ?? join(tmpdir(), 'jifen-bot-cards');
  return async (card: ResultCard): Promise<string> => {
    try {
      const picture = await renderer.render(card);
      await mkdir(folder, { recursive: true });
      const file = join(folder, `${picture.key}.png`);
      await writeFile(file, picture.png);
      return fill(texts.savedTo, { path: file });
    } catch {
      return texts.notSaved;
    }
  };
}
