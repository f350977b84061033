/**
 * Where the installation lives: the folder holding package.json. Modules find `rules/` and `dialogs/` from here,
 * so the same code works from `src/` (tsx, vitest) and from `dist/src/` (after `npm run build`), where a path
 * relative to the module's own file would point one level too shallow.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * @example projectRoot() // '/app' in the image, the repository in development
 */
export function projectRoot(): string {
  if (root) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}: cannot find rules/ and dialogs/`);
    dir = parent;
  }
  root = dir;
  return dir;
}

/**
 * @example projectPath('dialogs', 'reminders.yaml') // '<root>/dialogs/reminders.yaml'
 */
export function projectPath(...parts: string[]): string {
  return join(projectRoot(), ...parts);
}
