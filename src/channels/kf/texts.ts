/** Loads dialogs/kf.yaml: the words the kf channel adds, kept as data. */
import { z } from 'zod';
import { projectPath } from '../../project-root.js';
import { loadYaml } from '../../yaml/load-yaml.js';

const textsSchema = z.object({
  choiceLine: z.string().includes('{n}').includes('{label}'),
  estimatedMark: z.string(),
  menuHead: z.string().min(1),
  handingOver: z.string().min(1),
  handoffFailed: z.string().min(1),
  onlyText: z.string().min(1),
});

export type KfTexts = z.infer<typeof textsSchema>;

export function loadKfTexts(path: string = projectPath('dialogs', 'kf.yaml')): KfTexts {
  return loadYaml(path, textsSchema);
}
