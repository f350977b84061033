/**
 * One spelling for every message, shared by the reader of facts (src/nlu) and the FAQ (src/faq):
 * NFKC (full-width → half-width: ３２ → 32, ？ → ?, ， → ,), lower case, traditional → simplified (OpenCC, the
 * maintained converter, Taiwan and Hong Kong forms included), and pinyin-input slips of the domain words repaired
 * (复申 → 复审, 积份 → 积分, 社宝 → 社保; dialogs/spelling.yaml). Whitespace is kept: the FAQ tokenises on it and the
 * reader of facts uses it as a clause break before removing it.
 *
 * Built once per process (the tables are read at load); normalising a message then only runs prepared lookups.
 */
import { readFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js/t2cn';
import { parse } from 'yaml';
import { z } from 'zod';
import { projectPath } from '../project-root.js';

export type Normalise = (text: string) => string;

const spellingSchema = z.object({ words: z.array(z.string().min(2)), notSlips: z.array(z.string().min(2)).default([]) });
const homophonesSchema = z.record(z.string().length(1), z.string());

export interface Spelling {
  words: string[];
  notSlips: string[];
  /** Character of a word → the characters that sound like it (dialogs/spelling-homophones.json). */
  homophones: Record<string, string>;
}

/** dialogs/spelling.yaml with its generated homophone table. */
export function loadSpelling(): Spelling {
  const spelling = spellingSchema.parse(parse(readFileSync(projectPath('dialogs', 'spelling.yaml'), 'utf8')));
  const homophones = homophonesSchema.parse(JSON.parse(readFileSync(projectPath('dialogs', 'spelling-homophones.json'), 'utf8')));
  return { ...spelling, homophones };
}

/**
 * Traditional → simplified. The converter walks a phrase trie over the whole text, which costs more than the rest of
 * a turn, and nearly all messages are simplified already: it only runs on text that has a character it would change
 * (found once, at load, by converting each CJK character alone).
 */
function createSimplifier(): (text: string) => string {
  const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const hk = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const traditional = new Set<number>();
  for (let code = 0x3400; code <= 0x9fff; code++) {
    const ch = String.fromCharCode(code);
    if (convert(ch) !== ch || hk(ch) !== ch) traditional.add(code);
  }
  return (text) => {
    for (let i = 0; i < text.length; i++) {
      if (traditional.has(text.charCodeAt(i))) return hk(convert(text));
    }
    return text;
  };
}

interface Candidate {
  word: string;
  /** Where in the word the character that indexed it stands. */
  at: number;
}

/** Repairs homophone slips of the spelling words (see dialogs/spelling.yaml for the conditions). */
export function createSpeller(spelling: Spelling): (text: string) => string {
  const words = new Set(spelling.words);
  const keep = new Set([...spelling.words, ...spelling.notSlips]);
  const sounds = new Map<string, Set<string>>();
  for (const [ch, alike] of Object.entries(spelling.homophones)) sounds.set(ch, new Set([ch, ...alike]));
  /** By each character of each word: the words it may start a slip of, when the character is right where it stands. */
  const byChar = new Map<number, Candidate[]>();
  for (const word of words) {
    for (let at = 0; at < word.length; at++) {
      const code = word.charCodeAt(at);
      const list = byChar.get(code) ?? [];
      list.push({ word, at });
      byChar.set(code, list);
    }
  }
  const soundsLike = (ch: string, target: string) => ch === target || (sounds.get(target)?.has(ch) ?? false);

  return (text) => {
    let out: string | undefined;
    for (let i = 0; i < text.length; i++) {
      const candidates = byChar.get(text.charCodeAt(i));
      if (candidates === undefined) continue;
      for (const { word, at } of candidates) {
        const start = i - at;
        const end = start + word.length;
        if (start < 0 || end > text.length) continue;
        const window = (out ?? text).slice(start, end);
        if (keep.has(window)) continue;
        let alike = true;
        for (let k = 0; k < word.length && alike; k++) alike = soundsLike(window[k]!, word[k]!);
        if (!alike || overlapsWord(out ?? text, start, end, words)) continue;
        out = (out ?? text).slice(0, start) + word + (out ?? text).slice(end);
        break;
      }
    }
    return out ?? text;
  };
}

/** A correctly spelled word overlapping [start, end) but not equal to it ("电工中级": 电工 sits over 工中). */
function overlapsWord(text: string, start: number, end: number, words: Set<string>): boolean {
  for (const word of words) {
    const from = Math.max(0, start - word.length + 1);
    const to = Math.min(text.length, end + word.length - 1);
    let at = text.indexOf(word, from);
    while (at >= 0 && at < end && at + word.length <= to) {
      if (at !== start || at + word.length !== end) return true;
      at = text.indexOf(word, at + 1);
    }
  }
  return false;
}

export function createTextNormaliser(spelling: Spelling): Normalise {
  const simplify = createSimplifier();
  const spell = createSpeller(spelling);
  return (text) => spell(simplify(text.normalize('NFKC').toLowerCase()));
}

let shared: Normalise | undefined;

/** The normaliser of this installation (dialogs/spelling.yaml), built on first use and kept. */
export function normaliseText(text: string): string {
  shared ??= createTextNormaliser(loadSpelling());
  return shared(text);
}
