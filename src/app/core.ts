/**
 * The bot's loaded knowledge — rules, dialog texts, lexicon, FAQ and every text file of dialogs/ — loaded by one
 * function, `loadCore`, for the server, the terminal chat, the benchmarks and the tests alike, behind a holder that
 * SIGHUP can swap. A reload builds and validates a complete new core first; if any file fails, the old core keeps
 * serving.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadTelegramTexts, type TelegramTexts } from '../channels/telegram/index.js';
import { loadWecomTexts, type WecomTexts } from '../channels/wecom/index.js';
import { loadKfTexts, type KfTexts } from '../channels/kf/index.js';
import type { TurnHandler } from '../contract/index.js';
import { assertIntakeCovers } from '../dialog/coverage.js';
import type { DialogRules, FaqPort, Understand } from '../dialog/ports.js';
import { type DialogSpec, loadDialogSpec } from '../dialog/spec.js';
import type { FaqAnswer } from '../faq/index.js';
import { createUnderstander, loadLexicon, questionClassifier } from '../nlu/index.js';
import { projectRoot } from '../project-root.js';
import { loadReminderTexts, type ReminderTexts } from '../reminders/index.js';
import { loadRules } from '../scoring/index.js';
import { loadYaml } from '../yaml/load-yaml.js';
import { dialogRules, faqPort } from './ports.js';

export interface CorePaths {
  rulesDir: string;
  /** Every text file: intake.yaml, messages.yaml, lexicon.yaml, ops.yaml, reminders.yaml, telegram.yaml, wecom.yaml. */
  dialogsDir: string;
  faqDir: string;
}

/**
 * Absolute folders, the installation's own where none is given; the FAQ defaults to `<dialogsDir>/faq`.
 * @example corePaths({ dialogsDir: process.env.DIALOGS_DIR }) // rules/ and dialogs/faq of the installation
 */
export function corePaths(given: Partial<CorePaths> = {}): CorePaths {
  const root = projectRoot();
  const dialogsDir = resolve(given.dialogsDir ?? join(root, 'dialogs'));
  return {
    rulesDir: resolve(given.rulesDir ?? join(root, 'rules')),
    dialogsDir,
    faqDir: resolve(given.faqDir ?? join(dialogsDir, 'faq')),
  };
}

const opsTextsSchema = z.object({ slowDown: z.string().min(1) });
export type OpsTexts = z.infer<typeof opsTextsSchema>;

/** The texts read outside the dialog spec: the operator's notices, reminders and each channel's own words. */
export interface CoreTexts {
  ops: OpsTexts;
  reminders: ReminderTexts;
  telegram: TelegramTexts;
  wecom: WecomTexts;
  kf: KfTexts;
}

export interface Core {
  rules: DialogRules;
  spec: DialogSpec;
  understand: Understand;
  faq: FaqPort;
  texts: CoreTexts;
}

export interface LoadCoreOptions {
  /** Sees every answer to a free question (the server counts FAQ hits and misses for /metrics). */
  onFaqAnswer?: (answer: FaqAnswer) => void;
}

/**
 * Reads and validates everything; throws (naming the file) when anything is wrong.
 * @example
 * const core = loadCore(); // the bundled rules/ and dialogs/
 * const handler = createTurnHandler({ ...core, store: new MemorySessionStore({}) });
 */
export function loadCore(given: Partial<CorePaths> = {}, options: LoadCoreOptions = {}): Core {
  const paths = corePaths(given);
  const registry = loadRules(paths.rulesDir);
  const rules = dialogRules(registry);
  const spec = loadDialogSpec(paths.dialogsDir);
  assertIntakeCovers(spec, rules);
  const dialogsFile = (name: string) => join(paths.dialogsDir, name);
  const lexicon = loadLexicon(dialogsFile('lexicon.yaml'));
  const classifier = questionClassifier(lexicon, paths.dialogsDir, paths.faqDir);
  return {
    rules,
    spec,
    understand: createUnderstander(rules.cities, { lexicon, classifier }),
    faq: faqPort(paths.faqDir, registry, lexicon, options.onFaqAnswer),
    texts: {
      ops: loadOpsTexts(dialogsFile('ops.yaml')),
      reminders: loadReminderTexts(dialogsFile('reminders.yaml')),
      telegram: loadTelegramTexts(dialogsFile('telegram.yaml')),
      wecom: loadWecomTexts(dialogsFile('wecom.yaml')),
      kf: loadKfTexts(dialogsFile('kf.yaml')),
    },
  };
}

function loadOpsTexts(file: string): OpsTexts {
  return loadYaml(file, opsTextsSchema);
}

export type ReloadResult = { ok: true; version: number } | { ok: false; error: string };

/** Holds the current core; `reload()` swaps it only for a core that loaded completely. */
export class CoreHolder {
  private core: Core;
  private version = 1;

  constructor(private readonly load: () => Core) {
    this.core = load();
  }

  get current(): Core {
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
export function coreBoundHandler(holder: CoreHolder, build: (core: Core) => TurnHandler): TurnHandler {
  let builtFor: Core | undefined;
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
