/**
 * Chinese tokenising for the FAQ index: jieba words (search mode, so 特种作业操作证 also yields 特种, 作业, 操作证)
 * plus single characters. The characters make the match survive typos and unusual word boundaries
 * (复申 for 复审, 认吗 as one jieba word); the index weights them lower than words.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Domain words jieba's general dictionary splits badly; a high frequency keeps each one whole. */
const DOMAIN_WORDS = [
  '特种作业操作证',
  '特种作业证',
  '操作证',
  '低压电工',
  '高压电工',
  '电工证',
  '复审',
  '技能等级证书',
  '职业技能等级证书',
  '职业资格证书',
  '职业资格证',
  '等级证',
  '资格证',
  '初级工',
  '中级工',
  '高级工',
  '高级技师',
  '技师',
  '积分',
  '落户',
  '居住证',
  '社保',
  '延期换证',
  '换证',
  '查不到',
  '查询',
  '涪陵',
  '许昌',
  '泉州',
  '厦门',
  '福州',
  '内部证',
  '培训证',
  '补贴',
  '扣分',
];

/**
 * Words and characters that carry no topic: particles, pronouns, greetings and fillers of spoken questions.
 * Question words that do carry intent (多久, 怎么查, 什么时候) are kept.
 */
const STOP_WORDS = new Set(
  (
    '的 了 吗 呢 啊 吧 呀 么 嘛 哦 喔 哈 嗯 哎 喂 呗 啦 咯 滴 我 你 您 他 她 它 我们 你们 俺 咱 咱们 自己 是 在 和 与 或 ' +
    '就 都 也 还 又 要 想 会 能 可以 可不可以 能不能 是不是 有没有 请问 请 问 问问 一下 下 想问 想知道 知道 师傅 老师 你好 您好 谢谢 ' +
    '那 这 这个 那个 个 一个 啥 咋 么样 有 没 没有 给 让 把 被 对 呀 嘞 哇 得 地 着 过 个人 现在 到底 ' +
    '吧 呐 哟 麻烦 帮 帮忙 帮我 问个 问题 说 告诉 大概 一般'
  ).split(' '),
);

const IS_TOKEN_CHAR = /[\p{Script=Han}a-z0-9]/u;

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(DOMAIN_WORDS.map((w) => `${w} 100000 n`).join('\n')));
  }
  return jieba;
}

/** Topic words of a normalised text, in search mode (overlapping sub-words included), stop words removed. */
export function wordTokens(normalised: string): string[] {
  return segmenter()
    .cutForSearch(normalised, true)
    .filter((w) => IS_TOKEN_CHAR.test(w) && !STOP_WORDS.has(w));
}

/** The Han characters of a normalised text, stop characters removed. */
export function charTokens(normalised: string): string[] {
  return [...normalised].filter((c) => /\p{Script=Han}/u.test(c) && !STOP_WORDS.has(c));
}

/** Marks character tokens so they only ever match the character fields of the index. */
export const CHAR_PREFIX = '#';
