/**
 * The FAQ's vocabulary: domain words jieba must keep whole, the synonyms workers use for the same thing, and the
 * words that carry no topic. Synonyms map to one canonical word on both sides (entries and questions), so "年检",
 * "年审" and "复审" meet in the index without every entry having to list every variant.
 */

/** Domain words jieba's general dictionary splits badly; a high frequency keeps each one whole. */
export const DOMAIN_WORDS = [
  '特种作业操作证',
  '特种作业证',
  '电工操作证',
  '操作证',
  '作业证',
  '低压电工',
  '高压电工',
  '低压证',
  '高压证',
  '电工证',
  '上岗证',
  '复审',
  '年审',
  '年检',
  '复检',
  '审证',
  '技能等级证书',
  '职业技能等级证书',
  '技能等级证',
  '等级证书',
  '等级证',
  '技能证书',
  '技能证',
  '职业资格证书',
  '职业资格证',
  '资格证书',
  '资格证',
  '初级工',
  '中级工',
  '高级工',
  '高级技师',
  '技师',
  '积分',
  '落户',
  '入户',
  '上户口',
  '迁户口',
  '居住证',
  '社保',
  '社保基数',
  '延期换证',
  '换证',
  '查不到',
  '查不出',
  '搜不到',
  '找不到',
  '查询',
  '验真',
  '核验',
  '内部证',
  '培训证',
  '合格证',
  '补贴',
  '扣分',
  '减分',
  '有效期',
  '鉴定费',
  '技能提升',
  '人才引进',
  '标准分',
  '学历',
  '对口',
  '上岗',
  '违章',
  '健康证明',
  '学时',
  '及格',
  '补考',
  '实操',
  '认定',
  '认证',
  '千伏',
  '全国通用',
  '退出目录',
  '等级认定',
  '联网',
  '二维码',
  '电子证',
  '真假',
  '真伪',
  '二选一',
  '叠加',
  '多少分',
  '几分',
  '分值',
  '不合格',
  '不通过',
  '过期',
  '超期',
  '失效',
  '作废',
];

/**
 * variant → canonical word(s). Only true synonyms in this domain; 资格 alone is left out because it is also half of
 * 资格证, 考 because 考试 is its own topic.
 */
export const SYNONYMS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  // 复审 of the special-operation permit
  ...['年审', '年检', '复检', '审证', '审验', '审'].map((w) => [w, ['复审']] as const),
  // the special-operation permit
  ...['特种作业证', '特种作业操作证', '电工操作证', '作业证', '特种证', '操作证书'].map((w) => [w, ['操作证']] as const),
  ['低压证', ['低压', '操作证']],
  ['高压证', ['高压', '操作证']],
  // skill certificates
  ...['技能等级证', '技能等级证书', '职业技能等级证书', '等级证书', '技能证', '技能证书'].map((w) => [w, ['等级证']] as const),
  ...['资格证书', '职业资格证', '职业资格证书'].map((w) => [w, ['资格证']] as const),
  ['电工证书', ['电工证']],
  // looking a certificate up
  ...['查', '验证', '核实', '核验', '验真', '查验', '搜', '搜索', '查看', '查找', '核查'].map((w) => [w, ['查询']] as const),
  ...['查不出', '查不出来', '搜不到', '找不到', '查无'].map((w) => [w, ['查不到']] as const),
  ['真伪', ['真假']],
  ['哪查', ['哪里', '查询']],
  ['上网查', ['上网', '查询']],
  ['网上查', ['网上', '查询']],
  ...['认', '承认', '认不认', '认可不'].map((w) => [w, ['认可']] as const),
  ...['外省', '异地', '老家', '别的省', '外市', '省外'].map((w) => [w, ['外地']] as const),
  ['满足', ['条件']],
  // settling
  ...['入户', '上户口', '迁户口', '落户口', '户口', '户籍', '上户'].map((w) => [w, ['落户']] as const),
  // points
  ...['加分', '算分'].map((w) => [w, ['积分']] as const),
  ...['减分'].map((w) => [w, ['扣分']] as const),
  ...['补助', '津贴'].map((w) => [w, ['补贴']] as const),
  ...['要求', '门槛'].map((w) => [w, ['条件']] as const),
  ...['报名', '申报'].map((w) => [w, ['报考']] as const),
  ...['多长时间', '多长', '多少时间'].map((w) => [w, ['多久']] as const),
  ...['有效期限', '期限'].map((w) => [w, ['有效期']] as const),
  ...['超期'].map((w) => [w, ['过期']] as const),
  ...['差别', '差异', '不同', '不一样', '区分', '差在'].map((w) => [w, ['区别']] as const),
]);

/**
 * Question words and generic verbs: they say what kind of answer is wanted (多久 → a duration), so they stay in the
 * ranking, but they say nothing about the topic, so they do not count when judging whether an entry explains the
 * question ("电表走得快怎么回事" shares 怎么回事 with the reform entry and nothing else).
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  (
    '怎么 怎么办 怎么样 怎样 怎么回事 回事 什么 为什么 为啥 干什么 干嘛 多少 多少钱 多久 几 几年 几天 几个 几次 哪 哪些 哪里 ' +
    '哪儿 哪个 哪家 什么时候 时候 如何 是否 需要 一次 处理 办 办理 情况 意思 用 拿 做 去 到 上 搞 弄 整 咋整 咋办 一样 ' +
    '可能 应该 还要 还能 才能 已经 以后 之前 之后 今天 明天 最近 年 月 天 好 多 少'
  ).split(' '),
);

/**
 * Words and characters that carry no topic: particles, pronouns, greetings and fillers of spoken questions.
 * Question words that do carry intent (多久, 怎么查, 什么时候) are kept.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 吗 呢 啊 吧 呀 么 嘛 哦 喔 哈 嗯 哎 喂 呗 啦 咯 滴 我 你 您 他 她 它 我们 你们 俺 咱 咱们 自己 是 在 和 与 或 ' +
    '就 都 也 还 又 要 想 会 能 可以 可不可以 能不能 是不是 有没有 请问 请 问 问问 一下 下 想问 想知道 知道 师傅 老师 你好 您好 谢谢 ' +
    '那 这 这个 那个 个 一个 啥 咋 么样 有 没 没有 给 让 把 被 对 呀 嘞 哇 得 地 着 过 个人 现在 到底 ' +
    '吧 呐 哟 麻烦 帮 帮忙 帮我 问个 问题 说 告诉 大概 一般 不 行不行 行 来着 呗 吗 么'
  ).split(' '),
);

/**
 * Provinces and big cities, covered or not: a question naming one the rules do not cover is about "somewhere else"
 * (外地), which the entries on certificates from elsewhere match. A covered city's own name and aliases come from its
 * rules file and win over this list (places.ts).
 */
export const OTHER_PLACES: readonly string[] = (
  '北京 天津 广州 深圳 杭州 苏州 南京 成都 武汉 西安 郑州 长沙 东莞 佛山 宁波 青岛 济南 合肥 昆明 江苏 浙江 广东 安徽 ' +
  '山东 湖南 湖北 四川 江西 河北 山西 陕西 云南 贵州 广西 黑龙江 吉林 辽宁 甘肃 新疆 内蒙 海南 河南'
).split(' ');
