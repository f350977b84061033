/** Loads the channel's own user-facing texts from dialogs/telegram.yaml (data, not code; see STYLE.md). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

const description = z.string().min(1).max(256);

export const telegramTextsSchema = z.object({
  commands: z.object({
    start: description,
    help: description,
    restart: description,
    result: description,
    compare: description,
    reminders: description,
    forget: description,
  }),
  unsupported: z.string().min(1),
  chooseHint: z.string().min(1),
  estimatedMark: z.string(),
});
export type TelegramTexts = z.infer<typeof telegramTextsSchema>;

const FILE = join('dialogs', 'telegram.yaml');

/** Walks up from this module (works from src/ under tsx and from dist/ after a build). */
function findTextsFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${FILE} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

let cached: TelegramTexts | undefined;

export function loadTelegramTexts(path: string = findTextsFile()): TelegramTexts {
  const parsed = telegramTextsSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`${path} is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The texts from the default file, read once. */
export function telegramTexts(): TelegramTexts {
  cached ??= loadTelegramTexts();
  return cached;
}
