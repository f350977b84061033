/** Loads the channel's own user-facing texts from dialogs/telegram.yaml (data, not code; see STYLE.md). */
import { z } from 'zod';
import { projectPath } from '../../project-root.js';
import { loadYaml } from '../../yaml/load-yaml.js';

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

/** dialogs/telegram.yaml of the installation (from src/ under tsx and from dist/ after a build). */
function findTextsFile(): string {
  return projectPath('dialogs', 'telegram.yaml');
}

let cached: TelegramTexts | undefined;

export function loadTelegramTexts(path: string = findTextsFile()): TelegramTexts {
  return loadYaml(path, telegramTextsSchema);
}

/** The texts from the default file, read once. */
export function telegramTexts(): TelegramTexts {
  cached ??= loadTelegramTexts();
  return cached;
}
