/**
 * The bot's loaded knowledge (rules, dialog texts, lexicon, FAQ, server texts) behind a holder that SIGHUP can
 * swap. A reload builds and validates a complete new core first; if any file fails, the old core keeps serving.
 * Loading mirrors runtime/ports.ts `loadBotCore`, with explicit folders (so `dist/` and tests find them) and a
 * FAQ port that counts hits and misses for /metrics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { dialogRules, faqPort, type BotCore } from '../runtime/ports.js';
import { loadRules } from '../scoring/index.js';
import { createUnderstander, loadLexicon } from '../nlu/index.js';
import { loadDialogSpec } from '../dialog/spec.js';
import { assertIntakeCovers } from '../dialog/coverage.js';
import type { TurnHandler } from '../contract/index.js';
import type { BotMetrics } from '../observability/index.js';

export interface CorePaths {
  rulesDir: string;
  dialogsDir: string;
  faqDir: string;
}

const opsTextsSchema = z.object({ slowDown: z.string().min(1) });
export type OpsTexts = z.infer<typeof opsTextsSchema>;

export interface ServingCore extends BotCore {
  ops: OpsTexts;
}

/** Reads and validates everything; throws (naming the file) when anything is wrong. */
export function loadServingCore(paths: CorePaths, metrics?: BotMetrics): ServingCore {
  const registry = loadRules(paths.rulesDir);
  const rules = dialogRules(registry);
  const spec = loadDialogSpec(paths.dialogsDir);
  assertIntakeCovers(spec, rules);
  const understand = createUnderstander(rules.cities, loadLexicon(join(paths.dialogsDir, 'lexicon.yaml')));
  return {
    rules,
    spec,
    understand,
    faq: faqPort(paths.faqDir, registry.national, (answer) => metrics?.faq.inc({ result: answer.kind === 'answer' ? 'hit' : 'miss' })),
    ops: loadOpsTexts(paths.dialogsDir),
  };
}

function loadOpsTexts(dialogsDir: string): OpsTexts {
  const file = join(dialogsDir, 'ops.yaml');
  const parsed = opsTextsSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export type ReloadResult = { ok: true; version: number } | { ok: false; error: string };

/** Holds the current core; `reload()` swaps it only for a core that loaded completely. */
export class CoreHolder {
  private core: ServingCore;
  private version = 1;

  constructor(private readonly load: () => ServingCore) {
    this.core = load();
  }

  get current(): ServingCore {
    return this.core;
  }

  reload(): ReloadResult {
    try {
      this.core = this.load();
      this.version += 1;
      return { ok: true, version: this.version };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
}

/**
 * A TurnHandler that always runs on the holder's current core: the inner handler is rebuilt (cheaply: it only
 * closes over the core) the first time a turn sees a new core. Turns already running finish on the core they began.
 */
export function coreBoundHandler(holder: CoreHolder, build: (core: ServingCore) => TurnHandler): TurnHandler {
  let builtFor: ServingCore | undefined;
  let handler: TurnHandler | undefined;
  return {
    handle(message) {
      const core = holder.current;
      if (core !== builtFor || !handler) {
        handler = build(core);
        builtFor = core;
      }
      return handler.handle(message);
    },
  };
}
