/**
 * Puts a question into one canonical form before tokenising: half-width, simplified, lowercase, common misspellings
 * of the domain words fixed. Users type on phones with full-width digits, pinyin IMEs pick the wrong homophone
 * (复申 for 复审, 电公证 for 电工证), and some write in traditional characters; the knowledge base is simplified.
 */
import { simplifiedChar } from './traditional.js';

/**
 * Homophone / look-alike slips of pinyin input on the words the FAQ is about, seen in how workers type.
 * Only sequences that are not themselves words, so a correct sentence is never changed.
 */
const MISSPELLINGS: ReadonlyArray<readonly [string, string]> = [
  ['复申', '复审'],
  ['复甚', '复审'],
  ['复婶', '复审'],
  ['年申', '年审'],
  ['电公证', '电工证'],
  ['电功证', '电工证'],
  ['电宫证', '电工证'],
  ['店工证', '电工证'],
  ['操做', '操作'],
  ['操着证', '操作证'],
  ['特钟', '特种'],
  ['特中作业', '特种作业'],
  ['积份', '积分'],
  ['记分落户', '积分落户'],
  ['落护', '落户'],
  ['等极', '等级'],
  ['资各证', '资格证'],
  ['鉴订', '鉴定'],
  ['补帖', '补贴'],
  ['有效其', '有效期'],
  ['低亚', '低压'],
  ['高亚电', '高压电'],
];

/** Full-width ASCII (！-～) and the ideographic space → half-width; traditional → simplified; lowercase; typos fixed. */
export function normaliseQuestion(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += simplifiedChar(ch);
  }
  out = out.toLowerCase();
  for (const [wrong, right] of MISSPELLINGS) if (out.includes(wrong)) out = out.replaceAll(wrong, right);
  return out;
}
