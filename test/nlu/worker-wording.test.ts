/**
 * Facts as workers say them: vague amounts, yes and no in many forms, facts in run-on messages, corrections said
 * either way round. Each input is written the way a worker types it, not copied from the lexicon.
 */
import { describe, expect, it } from 'vitest';
import { createUnderstander, type Expectation } from '../../src/nlu/index.js';
import { CITIES } from './cities.js';

const understand = createUnderstander([...CITIES, { id: 'beijing', name: '北京', aliases: [] }]);
const insurance = { fact: 'socialInsuranceYears' } as const;
const occupation = { fact: 'occupationYears' } as const;

describe('vague amounts count as the full years they surely are, and say so', () => {
  it.each([
    ['十几年', 10],
    ['十来年了', 10],
    ['七年多吧', 7],
    ['五年零几个月', 5],
    ['差不多六年', 6],
  ])('%s to the insurance question → %d', (text, years) => {
    expect(understand(text, insurance).facts.socialInsuranceYears).toBe(years);
  });

  it('"快九年了" is not nine full years yet: eight, with the words kept for the reply', () => {
    const u = understand('快九年了', insurance);
    expect(u.facts.socialInsuranceYears).toBe(8);
    expect(u.saidAs?.socialInsuranceYears).toBe('快九年');
  });

  it('"干了将近十年" to the occupation question → 9', () => {
    expect(understand('干了将近十年', occupation).facts.occupationYears).toBe(9);
  });

  it('an exact amount is not said back: "60个月" is 5 years, "6年" is 6', () => {
    expect(understand('60个月', insurance).saidAs).toBeUndefined();
    expect(understand('6年', insurance).saidAs).toBeUndefined();
  });

  it('in a sentence: "社保交了十几年" → 10, said as 十几年', () => {
    const u = understand('我在上海 社保交了十几年');
    expect(u.facts.socialInsuranceYears).toBe(10);
    expect(u.saidAs?.socialInsuranceYears).toBe('十几年');
  });

  it.each(['木有', '没得', '一年都没交', '没交过'])('%s to the insurance question → 0 years', (text) => {
    expect(understand(text, insurance).facts.socialInsuranceYears).toBe(0);
  });

  it('back-paid years said later in the sentence are taken off: 9 − 2 = 7', () => {
    expect(understand('社保交了九年 里面有两年是后来补交的').facts.socialInsuranceYears).toBe(7);
    expect(understand('补缴过两年 一共交了十年').facts.socialInsuranceYears).toBe(8);
  });
});

describe('yes and no in many forms', () => {
  const issued = { certificateField: 'issuedWhileWorkingInCity', index: 0 } as const;

  it.each([
    ['对头', true],
    ['是是是', true],
    ['嗯嗯对', true],
    ['有的有的', true],
    ['应该没有', false],
    ['那倒没有', false],
    ['嗯 没有', false],
  ])('%s → %s', (text, value) => {
    expect(understand(text, issued).yesNo).toBe(value);
  });

  it('a yes/no ended by a space, then more words: "对 就干这个"', () => {
    const matches = { certificateField: 'matchesJob', index: 0 } as const;
    expect(understand('对 就干这个', matches).certificateUpdates).toEqual([{ index: 0, patch: { matchesJob: true } }]);
  });

  it('"嗯没有": the 嗯 is a hedge, the answer is no', () => {
    expect(understand('嗯没有', issued).yesNo).toBe(false);
  });

  it('"不对口" answers the job question and corrects nothing', () => {
    const u = understand('不对口 我现在做保安', { certificateField: 'matchesJob', index: 0 });
    expect(u.certificateUpdates).toEqual([{ index: 0, patch: { matchesJob: false } }]);
    expect(u.intents.map((i) => i.type)).not.toContain('correction');
  });

  it.each([
    ['学位证也拿了', 'bachelor_degree'],
    ['拿到了', 'bachelor_degree'],
    ['学位没拿到', 'bachelor'],
    ['没拿', 'bachelor'],
  ])('to the degree question, %s → %s', (text, education) => {
    const u = understand(text, { degree: true });
    expect(u.facts.education ?? u.choice).toBe(education);
  });

  it('a no-word to a list picks its "none" choice', () => {
    const list = {
      choices: [
        { label: '没有', value: 'none' },
        { label: '5年内被行政拘留', value: 'detention' },
      ],
    };
    expect(understand('没得 从来没犯过事', list).choice).toBe('none');
    expect(understand('木有', list).choice).toBe('none');
  });

  it('a choice said in other words, its time limit left out: "有 前年被行政拘留过一次"', () => {
    const list = {
      choices: [
        { label: '没有', value: 'none' },
        { label: '5年内被行政拘留', value: 'detention' },
        { label: '3年内提供过虚假材料', value: 'falseMaterial' },
      ],
    };
    expect(understand('有 前年被行政拘留过一次', list).choice).toBe('detention');
  });

  it('a named value answered in words: "男的" picks 男', () => {
    const sex: Expectation = {
      fact: 'sex',
      choices: [
        { label: '男', value: 'male' },
        { label: '女', value: 'female' },
      ],
    };
    expect(understand('男的', sex).facts.sex).toBe('male');
  });
});

describe('facts in a run-on message', () => {
  it('a birth year said of oneself where a clause starts, the sentence going on', () => {
    expect(understand('我95年的 大专 在厂里做电工').birthYear).toBe(1995);
    expect(understand('我是女电工 86年的 在上海做电工').birthYear).toBe(1986);
    expect(understand('我18年的时候考的证').birthYear).toBeUndefined();
  });

  it('an age right after 我, before other words: "上海的 我四十二 初中毕业"', () => {
    expect(understand('上海的 我四十二 初中毕业').facts.age).toBe(42);
    expect(understand('上海 38 高中 社保五年').facts).toMatchObject({ age: 38, socialInsuranceYears: 5 });
  });

  it('where the certificate was obtained and whether the job matches, with filler words between', () => {
    const u = understand('电工中级证 到上海以后才去考的 现在也是干电工');
    expect(u.certificates).toEqual([{ kind: 'skill', occupation: '电工', level: 4, issuedWhileWorkingInCity: true, matchesJob: true }]);
  });

  it('a province is not the user city; a certificate named with its level is no job', () => {
    expect(understand('证是在安徽考的').certificateConditions).toEqual({ issuedWhileWorkingInCity: false });
    expect(understand('来上海之前就有了').certificateConditions).toEqual({ issuedWhileWorkingInCity: false });
    expect(understand('现在是电工四级').certificateConditions).toBeUndefined();
  });

  it('a covered city named for the certificate is reported as the place, for the dialog to weigh', () => {
    expect(understand('是在北京考的').certificatePlace).toBe('beijing');
  });

  it('a related major, a dormitory, a contract of some years, an owned or rented home', () => {
    expect(understand('大专 学的电气自动化').facts).toMatchObject({ education: 'junior_college', relatedMajor: true });
    expect(understand('住的单位宿舍 和公司签了三年的合同').facts).toMatchObject({ stableResidence: true, stableEmployment: true });
    expect(understand('房子是自己买的').facts).toMatchObject({ ownsHome: true, stableResidence: true });
    expect(understand('一直租房住了五年').facts).toMatchObject({ stableResidence: true, ownsHome: false, housingYears: 5 });
  });

  it('years with the permit and the employer; insurance months as unbroken months', () => {
    expect(understand('在同一家公司干了五年 居住证办了三年').facts).toMatchObject({ sameEmployerYears: 5, residencePermitYears: 3 });
    expect(understand('在这家厂交了八个月社保').facts).toMatchObject({ continuousInsuranceMonths: 8 });
    expect(understand('社保连续交了五年').facts).toMatchObject({ socialInsuranceYears: 5, continuousInsuranceMonths: 60 });
  });

  it('a certificate date said without naming the certificate, also "二二年五月"', () => {
    expect(understand('证书是2018年5月拿的').certificateDate).toBe('2018-05-01');
    expect(understand('高级电工证是二二年五月考的').certificates?.[0]?.issuedOn).toBe('2022-05-01');
  });

  it('the sex said as a clause of its own, the current job when it is not the trade', () => {
    expect(understand('深圳 93年的 男 电工技师证').facts.sex).toBe('male');
    expect(understand('以前干电工 现在做保安了').facts.currentJob).toBe('保安');
  });

  it('"社保的话交了七年多": 的话 as a topic keeps the fact', () => {
    expect(understand('社保的话交了七年多').facts.socialInsuranceYears).toBe(7);
  });
});

describe('corrections in any wording', () => {
  it.each([
    ['学历我说错了 是高中不是中专', { education: 'high_school' }],
    ['不好意思 社保是5年不是6年', { socialInsuranceYears: 5 }],
    ['社保不是十年 实际是七年', { socialInsuranceYears: 7 }],
  ])('%s', (text, facts) => {
    const u = understand(text);
    expect(u.facts).toMatchObject(facts);
    expect(u.intents.map((i) => i.type)).toContain('correction');
    expect(u.isQuestion).toBe(false);
  });

  it('a bare number with the fact named: "年纪填错了 是四十六" corrects the age', () => {
    const u = understand('年纪填错了 是四十六');
    expect(u.bareNumber?.value).toBe(46);
    expect(u.correctedFact).toBe('age');
  });

  it('"打错了 是初级的 不是中级": the level said, the wrong one not read', () => {
    const u = understand('打错了 是初级的 不是中级');
    expect(u.bareLevel).toBe(5);
    expect(u.intents.map((i) => i.type)).toContain('correction');
  });
});

describe('leaving in any wording', () => {
  it.each(['不弄了 回头再说', '好的 我改天再来算', '今天先到这吧', '先这样 谢谢了'])('%s', (text) => {
    expect(understand(text).intents.map((i) => i.type)).toContain('exit');
  });
});

describe('answers read through what else they say', () => {
  it('"三年多 一年都没断过" to a months question: 36 (the "not even one year" is no number)', () => {
    expect(understand('三年多 一年都没断过', { fact: 'continuousInsuranceMonths' }).facts.continuousInsuranceMonths).toBe(36);
  });

  it('"是中专 职业学校毕业的" to the vocational-school question: secondary', () => {
    expect(understand('是中专 职业学校毕业的', { fact: 'vocationalDiploma' }).facts.vocationalDiploma).toBe('secondary');
  });

  it('a base band below the average answers the above-the-average question: no', () => {
    expect(understand('社保基数是按最低的交').facts).toMatchObject({ insuranceBaseTier: 'below_80', insuranceBaseAboveAverage: false });
  });

  it('a pinyin slip of a level: "电工中及证" is 电工四级, while 中技 stays an education', () => {
    expect(understand('电工中及证').certificates).toEqual([{ kind: 'skill', occupation: '电工', level: 4 }]);
    expect(understand('中技毕业').facts.education).toBe('technical_school');
  });
});

describe('a question that only names things', () => {
  it('"你好 问下上海居住证积分是怎么算的": the greeting states nothing, so the city is not recorded', () => {
    const u = understand('你好 问下上海居住证积分是怎么算的');
    expect(u.isQuestion).toBe(true);
    expect(u.city).toBeUndefined();
  });

  it('"我在许昌干电工 有中级证 能落户吗": the facts said of oneself are kept with the question', () => {
    const u = understand('我在许昌干电工 有中级证 能落户吗');
    expect(u.isQuestion).toBe(true);
    expect(u.city).toBe('xuchang');
    expect(u.certificates).toEqual([{ kind: 'skill', occupation: '电工', level: 4 }]);
  });
});

describe('an age said as a clause of its own', () => {
  it.each([
    ['四十八了 高中 在上海干电工 社保八年', 48],
    ['苏州做电工 三十九 有高级工证', 39],
    ['女的 五十一 初中 电工证四级', 51],
  ])('%s → age %d', (text, age) => {
    expect(understand(text).facts.age).toBe(age);
  });

  it('a number clause no age can be is no age ("社保 八")', () => {
    expect(understand('上海 电工四级 八').facts.age).toBeUndefined();
  });
});

describe('a corrected number names the wrong one too', () => {
  it('"是四十四 不是四十一": 44 replaces 41', () => {
    const u = understand('不对 是四十四 不是四十一');
    expect(u.bareNumber?.value).toBe(44);
    expect(u.replacedNumber).toBe(41);
    expect(u.intents[0]?.type).toBe('correction');
  });
});

describe('a denial before a yes-phrase', () => {
  it.each(['应该不算特别紧缺吧 一般般', '也不是非常紧缺'])('%s → not acutely short', (text) => {
    expect(understand(text, { fact: 'acuteShortageOccupation' }).facts.acuteShortageOccupation).toBe(false);
  });

  it('"我们这个工种非常紧缺" stays a yes', () => {
    expect(understand('我们这个工种非常紧缺').facts.acuteShortageOccupation).toBe(true);
  });
});

describe('a no with thanks', () => {
  it.each(['不用了 谢谢啦', '没事了谢谢你', '不需要了多谢'])('%s to the education question is leaving', (text) => {
    expect(understand(text, { fact: 'education' }).intents).toContainEqual({ type: 'exit' });
  });

  it('to a yes/no question it is not leaving', () => {
    expect(understand('不用了谢谢', { fact: 'ownsHome' }).intents).not.toContainEqual({ type: 'exit' });
  });
});

describe('a long run-on statement with no question word tells', () => {
  it.each([
    '我男的四十一在苏州一家电子厂干电工八年多了有高级工证居住证也办了',
    '南京这边干电工九零年的技师证前年才换到现在这个单位想把户口落过来',
  ])('%s is not a question', (text) => {
    expect(understand(text).isQuestion).toBe(false);
  });

  it.each(['我在苏州一家电子厂干电工八年多了有高级工证能不能落户', '我在苏州一家电子厂干电工八年多了有高级工证可以积分不'])(
    '%s still asks',
    (text) => {
      expect(understand(text).isQuestion).toBe(true);
    },
  );
});

describe('sex and age said together at the start', () => {
  it('"我男的四十四在南京干电工" → male, 44', () => {
    expect(understand('我男的四十四在南京干电工有高级工证').facts).toMatchObject({ sex: 'male', age: 44 });
  });

  it('"女的三十年电工" is thirty years of work, no age', () => {
    expect(understand('女的三十年电工').facts.age).toBeUndefined();
  });
});

describe('after the words of a mistake, what follows 不是 was wrong', () => {
  it('"刚才写错了 大专 不是本科" → 大专 only', () => {
    const u = understand('刚才写错了 大专 不是本科');
    expect(u.facts.education).toBe('junior_college');
    expect(u.intents[0]?.type).toBe('correction');
  });

  it('"我说错了 证是四级 不是三级" → level 4 only (a level said alone, for the dialog to put on the certificate)', () => {
    const u = understand('我说错了 证是四级 不是三级');
    expect(u.bareLevel).toBe(4);
    expect(u.certificates).toBeUndefined();
  });
});

describe('unemployment insurance said with its aspect', () => {
  it.each(['厂里一直给我交着失业保险', '失业保险也交了的'])('%s → insured as an employee', (text) => {
    expect(understand(text).facts.insuredEmployee).toBe(true);
  });
});

describe('a number of years no working life has is no duration', () => {
  it('"干电工八六年的老证" is no 86 years of work', () => {
    expect(understand('干电工八六年的老证').facts.occupationYears).toBeUndefined();
  });

  it('"干电工三十五年了" is 35 years', () => {
    expect(understand('干电工三十五年了').facts.occupationYears).toBe(35);
  });
});

describe('a permit review date said beside the issue date is the last review, not a second issue date', () => {
  it.each([
    ['低压证是19年3月发的 22年3月复审过', '2019-03-01', '2022-03-01'],
    ['我有高压电工操作证，二零二零年五月考的，二三年五月去复审了', '2020-05-01', '2023-05-01'],
    ['低压电工证2018年10月拿的 复审是2024年9月', '2018-10-01', '2024-09-01'],
  ])('%s', (text, issuedOn, lastReviewOn) => {
    const [permit] = understand(text).certificates ?? [];
    expect(permit).toMatchObject({ kind: 'special_operation', issuedOn, lastReviewOn });
  });

  it('a skill certificate has no review: "2020年拿的四级" stays its issue date', () => {
    const [skill] = understand('电工四级 2020年6月拿的').certificates ?? [];
    expect(skill).toMatchObject({ kind: 'skill', level: 4, issuedOn: '2020-06-01' });
    expect(skill?.lastReviewOn).toBeUndefined();
  });
});

describe('a year said digit by digit in Chinese is that year', () => {
  it.each([
    ['二三年三月拿的电工技师证', '2023-03-01'],
    ['电工三级是一五年八月考的', '2015-08-01'],
    ['低压证二零一九年十月发的', '2019-10-01'],
  ])('%s', (text, issuedOn) => {
    expect(understand(text).certificates?.[0]?.issuedOn).toBe(issuedOn);
  });
});
