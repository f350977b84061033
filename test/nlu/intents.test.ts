/** Navigation, commands, reminders, corrections and questions, as the issue lists them. */
import { describe, expect, it } from 'vitest';
import { createUnderstander, type Intent } from '../../src/nlu/index.js';
import { CITIES } from './cities.js';

const understand = createUnderstander(CITIES);
const types = (text: string) => understand(text).intents.map((i) => i.type);

describe('intents', () => {
  it.each([
    ['上一步', 'back'],
    ['返回', 'back'],
    ['退回', 'back'],
    ['back', 'back'],
    ['/back', 'back'],
    ['重新开始', 'restart'],
    ['重来', 'restart'],
    ['restart', 'restart'],
    ['从头来', 'restart'],
    ['/restart', 'restart'],
    ['跳过', 'skip'],
    ['不知道', 'dontKnow'],
    ['不清楚', 'dontKnow'],
    ['skip', 'skip'],
    ['帮助', 'help'],
    ['help', 'help'],
    ['怎么用', 'help'],
    ['/help', 'help'],
    ['看结果', 'result'],
    ['我的结果', 'result'],
    ['结果', 'result'],
    ['算一下', 'result'],
    ['现在多少分', 'result'],
    ['/result', 'result'],
    ['对比城市', 'compare'],
    ['比较', 'compare'],
    ['compare', 'compare'],
    ['/compare', 'compare'],
    ['删除我的数据', 'forget'],
    ['删除数据', 'forget'],
    ['忘记我', 'forget'],
    ['forget', 'forget'],
    ['/forget', 'forget'],
    ['我的提醒', 'reminders'],
    ['提醒列表', 'reminders'],
    ['/reminders', 'reminders'],
    ['继续', 'continue'],
    ['转人工', 'handoff'],
    ['我要转人工', 'handoff'],
    ['人工客服', 'handoff'],
    ['人工', 'handoff'],
    ['/human', 'handoff'],
    ['你好', 'greeting'],
    ['hi', 'greeting'],
    ['Hi!', 'greeting'],
    ['/start', 'greeting'],
    ['/start@jifen_bot', 'greeting'],
    ['ＨＥＬＰ', 'help'],
  ])('%s → %s', (text, type) => {
    expect(types(text)).toContain(type);
  });

  it('重新开始 is both a restart and the answer "start over" to "continue or start over?"', () => {
    expect(types('重新开始')).toEqual(expect.arrayContaining(['restart', 'startOver']));
  });

  it.each<[string, Intent]>([
    ['取消提醒2', { type: 'cancelReminder', index: 2 }],
    ['删除第2个提醒', { type: 'cancelReminder', index: 2 }],
    ['取消第三个提醒', { type: 'cancelReminder', index: 3 }],
    ['/cancel 1', { type: 'cancelReminder', index: 1 }],
    ['3个月后提醒我查证书', { type: 'remind', text: '3个月后提醒我查证书' }],
    ['提醒我明年3月报名三级', { type: 'remind', text: '提醒我明年3月报名三级' }],
  ])('%s → %o', (text, intent) => {
    expect(understand(text).intents).toEqual([intent]);
  });

  it('a reminder request states no facts, even with numbers and certificates in it', () => {
    const u = understand('提醒我明年3月报名三级');
    expect(u.facts).toEqual({});
    expect(u.certificates).toBeUndefined();
    expect(u.ambiguities).toEqual([]);
  });

  it('取消提醒 without a number shows the list instead of guessing which one', () => {
    expect(understand('取消提醒').intents).toEqual([{ type: 'reminders' }]);
  });

  it('an unknown command is not understood', () => {
    const u = understand('/whatever');
    expect(u.intents).toEqual([]);
    expect(u.understoodAnything).toBe(false);
  });
});

describe('corrections and changes', () => {
  it('不对，我35岁 → correction + age 35', () => {
    const u = understand('不对，我35岁');
    expect(u.intents).toEqual([{ type: 'correction' }]);
    expect(u.facts).toEqual({ age: 35 });
  });

  it('学历填错了，是大专 → correction + education', () => {
    const u = understand('学历填错了，是大专');
    expect(u.intents).toEqual([{ type: 'correction' }]);
    expect(u.facts).toEqual({ education: 'junior_college' });
  });

  it('不对 while age is asked, then a bare number, is a correction with the new age', () => {
    const u = understand('不对，35', { fact: 'age' });
    expect(u.intents).toEqual([{ type: 'correction' }]);
    expect(u.facts).toEqual({ age: 35 });
  });

  it.each([
    ['改一下学历', 'education'],
    ['修改年龄', 'age'],
    ['换个城市', 'city'],
    ['社保要改', 'socialInsuranceYears'],
    ['改一下证书', 'certificates'],
  ])('%s → change %s, not a correction', (text, fact) => {
    const u = understand(text);
    expect(u.intents).toEqual([{ type: 'change', fact }]);
    expect(u.facts).toEqual({});
  });

  it('学历改成大专 gives the answer at once: a correction, no question again', () => {
    const u = understand('学历改成大专');
    expect(u.intents).toEqual([{ type: 'correction' }]);
    expect(u.facts).toEqual({ education: 'junior_college' });
  });
});

describe('yes and no', () => {
  const yes = [
    '是',
    '是的',
    '对',
    '对的',
    '有',
    '嗯',
    '嗯嗯',
    '没错',
    '好',
    '好的',
    '可以',
    '行',
    'OK',
    'ok',
    '👍',
    '确定',
    '当然',
    '是的！',
  ];
  // 算了 is no answer: the user leaves the conversation (see the exit test below).
  const no = ['不是', '没有', '无', '否', '不', '没', '不对', '不行', '✗', '没有。'];

  it.each(yes)('%s answers yes', (text) => {
    const u = understand(text, { yesNo: true });
    expect(u.yesNo).toBe(true);
    expect(u.intents).toEqual([]);
  });

  it.each(no)('%s answers no, and is not a correction', (text) => {
    const u = understand(text, { yesNo: true });
    expect(u.yesNo).toBe(false);
    expect(u.intents).toEqual([]);
  });

  it('是的，有学位 starts with yes', () => {
    expect(understand('是的，有学位', { yesNo: true }).yesNo).toBe(true);
  });

  it('a word that only starts like yes/no is not one (不知道 is "I don\'t know", 有点 is nothing)', () => {
    const dontKnow = understand('不知道', { yesNo: true });
    expect(dontKnow.yesNo).toBeUndefined();
    expect(dontKnow.intents).toEqual([{ type: 'dontKnow' }]);
    expect(understand('有点', { yesNo: true }).yesNo).toBeUndefined();
  });

  it('不对 plus another fact while a yes/no question is pending corrects that fact and does not answer the question', () => {
    const u = understand('不对，我35岁', { certificateField: 'matchesJob', index: 0 });
    expect(u.facts).toEqual({ age: 35 });
    expect(u.intents).toContainEqual({ type: 'correction' });
    expect(u.yesNo).toBeUndefined();
    expect(u.certificateUpdates).toBeUndefined();
  });

  it('a bare 不对 while a yes/no question is pending is a "no" to it', () => {
    const u = understand('不对', { certificateField: 'matchesJob', index: 0 });
    expect(u.yesNo).toBe(false);
    expect(u.certificateUpdates).toEqual([{ index: 0, patch: { matchesJob: false } }]);
  });

  it('不对 with no pending yes/no question is a correction, not a "no"', () => {
    const u = understand('不对');
    expect(u.intents).toEqual([{ type: 'correction' }]);
    expect(u.yesNo).toBeUndefined();
  });
});

describe('questions for the FAQ', () => {
  it.each([
    '特种作业证要复审吗？',
    '低压电工证能积分吗',
    '证书多久能查到',
    '考三级要多少钱',
    '上海积分怎么算?',
    '什么是居住证积分',
    '社保断了有影响吗',
  ])('%s is a question', (text) => {
    expect(understand(text).isQuestion).toBe(true);
  });

  it("a question that only names a certificate or a city records neither: they are not the user's", () => {
    const u = understand('特种作业证要复审吗？');
    expect(u.isQuestion).toBe(true);
    expect(u.certificates).toBeUndefined();
    const standard = understand('上海居住证积分标准是多少');
    expect(standard.isQuestion).toBe(true);
    expect(standard.city).toBeUndefined();
    expect(understand('考技师要几年').certificates).toBeUndefined();
  });

  it("a question about the user's own case keeps the facts stated with it", () => {
    const u = understand('我在上海干电工 有中级证 能落户吗');
    expect(u.isQuestion).toBe(true);
    expect(u.city).toBe('shanghai');
    expect(u.certificates).toEqual([{ kind: 'skill', occupation: '电工', level: 4 }]);
  });

  it.each(['算了', '不算了 谢谢', '再见'])('%s leaves the conversation', (text) => {
    expect(understand(text).intents).toEqual([{ type: 'exit' }]);
  });

  it.each(['人工客服', '转人工', '我要找人工'])('%s asks for a person', (text) => {
    expect(understand(text).intents).toEqual([{ type: 'handoff' }]);
  });

  it('facts and a question mark: both', () => {
    const u = understand('我32岁，电工四级，能在上海积分吗?');
    expect(u.isQuestion).toBe(true);
    expect(u.facts).toEqual({ age: 32 });
    expect(u.city).toBe('shanghai');
  });

  it.each(['什么证都没有', '我32岁', '怎么用', '在吗', '现在多少分'])('%s is not a question for the FAQ', (text) => {
    expect(understand(text).isQuestion).toBe(false);
  });
});
