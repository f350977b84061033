/**
 * What the user wants done, as opposed to facts they state: commands (/help), navigation (上一步, 跳过),
 * reminders, corrections (不对…) and "ask me that again" (改一下学历).
 */
import type { Compiled } from './compile.js';
import { parseChineseNumber } from './numbers.js';
import type { Intent, SimpleIntentType } from './types.js';

const COMMAND = /^\/([a-z_]+)(?:@[a-z0-9_]+)?(.*)$/u;

/** Commands, navigation and reminder intents; corrections are added by the caller (they depend on the pending question). */
export function readIntents(c: Compiled, text: string, stripped: string, original: string): Intent[] {
  const command = COMMAND.exec(text);
  if (command) return readCommand(c, command[1] ?? '', command[2] ?? '');

  const intents: Intent[] = [];
  const add = (intent: Intent) => {
    if (!intents.some((i) => i.type === intent.type)) intents.push(intent);
  };

  const cancel = readCancelReminder(c, text);
  if (cancel) add(cancel);
  else if (c.remind.has(text)) add({ type: 'remind', text: original.trim() });
  else if (c.cancelReminderWithoutNumber.test(text)) add({ type: 'reminders' });

  for (const type of c.intentExact.get(stripped) ?? []) add(simple(type));
  for (const hit of c.intentContains.findAll(text)) add(simple(hit.value));
  return intents;
}

function readCommand(c: Compiled, name: string, args: string): Intent[] {
  if (name === 'cancel' || name === 'cancelreminder') {
    const index = parseChineseNumber(args);
    return index !== undefined && Number.isInteger(index) ? [{ type: 'cancelReminder', index }] : [{ type: 'reminders' }];
  }
  if (name === 'remind') return [{ type: 'remind', text: args }];
  const type = c.lexicon.commands[name];
  return type ? [simple(type)] : [];
}

function readCancelReminder(c: Compiled, text: string): Intent | undefined {
  for (const pattern of c.cancelReminder) {
    const m = pattern.exec(text);
    const index = m?.[1] === undefined ? undefined : parseChineseNumber(m[1]);
    if (index !== undefined && Number.isInteger(index) && index > 0) return { type: 'cancelReminder', index };
  }
  return undefined;
}

function simple(type: SimpleIntentType): Intent {
  return { type } as Intent;
}

/** Fact names the user asks to change ("改一下学历" → education). */
export function readChangeRequests(c: Compiled, text: string): string[] {
  const facts = new Set<string>();
  for (const pattern of c.change) {
    for (const m of text.matchAll(pattern)) {
      const fact = m[1] === undefined ? undefined : c.factWords.exact(m[1]);
      if (fact) facts.add(fact);
    }
  }
  return [...facts];
}
