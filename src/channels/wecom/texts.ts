/** Loads dialogs/wecom.yaml: the few zh-CN words this channel adds, kept out of code so they can be edited as data. */
import { z } from 'zod';
import { projectPath } from '../../project-root.js';
import { loadYaml } from '../../yaml/load-yaml.js';

const textsSchema = z.object({
  choiceLine: z.string().includes('{n}').includes('{label}'),
  estimatedMark: z.string(),
  menu: z.object({ score: z.string().min(1), faq: z.string().min(1), reminders: z.string().min(1) }),
});

export type WecomTexts = z.infer<typeof textsSchema>;

let loaded: WecomTexts | undefined;

export function loadWecomTexts(path: string): WecomTexts {
  return loadYaml(path, textsSchema);
}

/** The texts of the installation's dialogs/wecom.yaml, read once. */
export function wecomTexts(): WecomTexts {
  loaded ??= loadWecomTexts(projectPath('dialogs', 'wecom.yaml'));
  return loaded;
}
