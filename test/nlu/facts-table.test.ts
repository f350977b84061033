/**
 * Phrase → facts. Expected values come from the issue text and the policy notes: the five skill levels
 * (docs/policy/sources-notes.md §2: 五级/初级工, 四级/中级工, 三级/高级工, 二级/技师, 一级/高级技师) and the special-operation
 * categories (§3.3: 低压电工作业 and 高压电工作业 belong to 电工作业). Every row checks the whole reading of facts,
 * certificates and city, so reading too much fails as surely as reading too little.
 */
import { describe, expect, it } from 'vitest';
import type { Certificate, Facts } from '../../src/scoring/facts.js';
import { createUnderstander, type Expectation } from '../../src/nlu/index.js';
import { CITIES } from './cities.js';

const understand = createUnderstander(CITIES);

interface Expected {
  facts?: Partial<Facts>;
  certificates?: Certificate[];
  city?: string;
  noCertificates?: boolean;
  /** Question codes of the ambiguities, in order. */
  asks?: string[];
}

const skill = (level: number, occupation = '电工', issuedOn?: string): Certificate =>
  issuedOn ? { kind: 'skill', occupation, level, issuedOn } : { kind: 'skill', occupation, level };
const permit = (occupation: string): Certificate => ({ kind: 'special_operation', occupation });
const title = (titleLevel: 'junior' | 'intermediate' | 'senior', occupation = '工程技术'): Certificate => ({
  kind: 'title',
  occupation,
  titleLevel,
});
const certs: Expectation = { fact: 'certificates' };

const ROWS: Array<[text: string, expected: Expected, expecting?: Expectation]> = [
  // The example: five facts at once.
  [
    '我32岁，本科有学位，电工四级，在上海交了5年社保',
    { facts: { age: 32, education: 'bachelor_degree', socialInsuranceYears: 5 }, certificates: [skill(4)], city: 'shanghai' },
  ],
  // Age
  ['32岁', { facts: { age: 32 } }],
  ['我32岁', { facts: { age: 32 } }],
  ['我３２岁', { facts: { age: 32 } }],
  ['今年32', { facts: { age: 32 } }],
  ['今年三十二', { facts: { age: 32 } }],
  ['三十二岁', { facts: { age: 32 } }],
  ['我今年二十五岁了', { facts: { age: 25 } }],
  ['十八岁', { facts: { age: 18 } }],
  ['32周岁', { facts: { age: 32 } }],
  ['我32', { facts: { age: 32 } }],
  ['32', { facts: { age: 32 } }, { fact: 'age' }],
  ['三十二', { facts: { age: 32 } }, { fact: 'age' }],
  ['35了', { facts: { age: 35 } }, { fact: 'age' }],
  ['32年', {}, { fact: 'age' }],
  ['32年', {}],
  ['32', {}],
  ['年龄45', { facts: { age: 45 } }],
  ['我32歲', { facts: { age: 32 } }],
  // Education
  ['初中', { facts: { education: 'middle_school' } }],
  ['高中毕业', { facts: { education: 'high_school' } }],
  ['中专', { facts: { education: 'technical_school' } }],
  ['职高', { facts: { education: 'technical_school' } }],
  ['技校', { facts: { education: 'technical_school' } }],
  ['中技', { facts: { education: 'technical_school' } }],
  ['技师学院毕业', { facts: { education: 'technical_school' } }],
  ['大专', { facts: { education: 'junior_college' } }],
  ['专科', { facts: { education: 'junior_college' } }],
  ['高职', { facts: { education: 'junior_college' } }],
  ['本科', { facts: { education: 'bachelor' }, asks: ['bachelor_degree'] }],
  ['本科有学位', { facts: { education: 'bachelor_degree' } }],
  ['本科学士', { facts: { education: 'bachelor_degree' } }],
  ['学士学位', { facts: { education: 'bachelor_degree' } }],
  ['本科没学位', { facts: { education: 'bachelor' } }],
  ['本科，无学位', { facts: { education: 'bachelor' } }],
  ['硕士', { facts: { education: 'master' } }],
  ['研究生', { facts: { education: 'master' } }],
  ['博士', { facts: { education: 'doctor' } }],
  ['小学', { facts: { education: 'none' } }],
  ['没上过学', { facts: { education: 'none' } }],
  ['高中毕业后读了大专', { facts: { education: 'junior_college' } }],
  ['有学位', { facts: { education: 'bachelor_degree' } }, { fact: 'education' }],
  ['大學本科，有學位', { facts: { education: 'bachelor_degree' } }],
  // Skill levels
  ['电工四级', { certificates: [skill(4)] }],
  ['四级电工', { certificates: [skill(4)] }],
  ['中级电工', { certificates: [skill(4)] }],
  ['中级工', { certificates: [skill(4)] }],
  ['电工中级', { certificates: [skill(4)] }],
  ['电工证四级', { certificates: [skill(4)] }],
  ['五级', { certificates: [skill(5)] }, certs],
  ['初级工', { certificates: [skill(5)] }],
  ['电工五级', { certificates: [skill(5)] }],
  ['三级', { certificates: [skill(3)] }, certs],
  ['高级工', { certificates: [skill(3)] }],
  ['高级电工', { certificates: [skill(3)] }],
  ['二级', { certificates: [skill(2)] }, certs],
  ['技师', { certificates: [skill(2)] }],
  ['电工技师', { certificates: [skill(2)] }],
  ['一级', { certificates: [skill(1)] }, certs],
  ['高级技师', { certificates: [skill(1)] }],
  ['焊工三级', { certificates: [skill(3, '焊工')] }],
  ['电焊工四级', { certificates: [skill(4, '焊工')] }],
  ['我是电工，三级', { certificates: [skill(3)] }],
  ['电工四级和三级', { certificates: [skill(4), skill(3)] }],
  ['電工四級', { certificates: [skill(4)] }],
  // Special-operation permits
  ['低压电工证', { certificates: [permit('低压电工作业')] }],
  ['低压电工作业', { certificates: [permit('低压电工作业')] }],
  ['特种作业操作证', { certificates: [permit('电工作业')] }],
  ['高压电工证', { certificates: [permit('高压电工作业')] }],
  ['电工上岗证', { certificates: [permit('电工作业')] }],
  ['有低压电工证和电工四级', { certificates: [permit('低压电工作业'), skill(4)] }],
  ['低压电工证，高级工', { certificates: [permit('低压电工作业'), skill(3)] }],
  // Titles
  ['中级职称', { certificates: [title('intermediate')] }],
  ['工程师', { certificates: [title('intermediate')] }],
  ['电气工程师', { certificates: [title('intermediate', '电气')] }],
  ['高级工程师', { certificates: [title('senior')] }],
  ['高级职称', { certificates: [title('senior')] }],
  ['助理工程师', { certificates: [title('junior')] }],
  ['初级职称', { certificates: [title('junior')] }],
  // Dates: a year alone is 1 January, a month its first day.
  ['2020年拿的四级', { certificates: [skill(4, '电工', '2020-01-01')] }, certs],
  ['四级是2019年3月考的', { certificates: [skill(4, '电工', '2019-03-01')] }, certs],
  ['电工四级，2021年拿的', { certificates: [skill(4, '电工', '2021-01-01')] }],
  ['电工三级是2018.6考的', { certificates: [skill(3, '电工', '2018-06-01')] }],
  ['二〇一九年三月考的电工四级', { certificates: [skill(4, '电工', '2019-03-01')] }],
  // Not skill levels, not held, unclear
  ['英语四级', {}],
  ['CET4', {}],
  ['ＣＥＴ－４', {}],
  ['计算机二级', {}],
  ['英语四级，电工三级', { certificates: [skill(3)] }],
  ['还没考电工四级', {}],
  ['准备考高级工', {}],
  ['电工证', { asks: ['which_electrician_certificate'] }],
  ['三级', { asks: ['which_certificate_level'] }],
  ['中级', { asks: ['which_certificate_level'] }],
  ['什么证都没有', { noCertificates: true }],
  ['没有证', { noCertificates: true }],
  ['没有', { noCertificates: true }, certs],
  ['都没有', { noCertificates: true }, certs],
  // Social insurance
  ['社保交了5年', { facts: { socialInsuranceYears: 5 } }],
  ['在上海交了5年社保', { facts: { socialInsuranceYears: 5 }, city: 'shanghai' }],
  ['社保五年半', { facts: { socialInsuranceYears: 5.5 } }],
  ['交社保三年', { facts: { socialInsuranceYears: 3 } }],
  ['社保交了两年', { facts: { socialInsuranceYears: 2 } }],
  ['社保交了半年', { facts: { socialInsuranceYears: 0.5 } }],
  ['社保一年半', { facts: { socialInsuranceYears: 1.5 } }],
  ['交了5年多社保', { facts: { socialInsuranceYears: 5 } }],
  ['没交过社保', { facts: { socialInsuranceYears: 0 } }],
  ['社保从2019年开始交', {}],
  ['五年半', { facts: { socialInsuranceYears: 5.5 } }, { fact: 'socialInsuranceYears' }],
  ['5', { facts: { socialInsuranceYears: 5 } }, { fact: 'socialInsuranceYears' }],
  // Said with 岁 it is an age, never years of insurance.
  ['3岁', { facts: { age: 3 } }, { fact: 'socialInsuranceYears' }],
  // Occupation years
  ['干电工8年', { facts: { occupationYears: 8 } }],
  ['做了八年电工', { facts: { occupationYears: 8 } }],
  ['从业8年', { facts: { occupationYears: 8 } }],
  ['电工干了十年', { facts: { occupationYears: 10 } }],
  ['干这行十多年了', { facts: { occupationYears: 10 } }],
  ['十年', { facts: { occupationYears: 10 } }, { fact: 'occupationYears' }],
  // City
  ['上海', { city: 'shanghai' }],
  ['沪', { city: 'shanghai' }],
  ['魔都', { city: 'shanghai' }],
  ['我在厦门', { city: 'xiamen' }],
  ['涪陵', { city: 'fuling' }],
  ['上海还是厦门', { asks: ['which_city'] }],
  // Other facts stated as phrases
  // An owned home is a legal, stable residence (the open-settlement routes read stableResidence).
  ['在上海有房', { facts: { ownsHome: true, stableResidence: true }, city: 'shanghai' }],
  ['没有房子', { facts: { ownsHome: false } }],
  ['签了劳动合同', { facts: { stableEmployment: true } }],
  // Several facts, digits and Chinese numerals mixed
  [
    '三十五岁，大专，高级工，社保交了三年，干电工十二年，在魔都',
    {
      facts: { age: 35, education: 'junior_college', socialInsuranceYears: 3, occupationYears: 12 },
      certificates: [skill(3)],
      city: 'shanghai',
    },
  ],
  [
    '我今年32，干电工10年了，社保在上海交了6年，有低压证，中级工',
    {
      facts: { age: 32, occupationYears: 10, socialInsuranceYears: 6 },
      certificates: [permit('低压电工作业'), skill(4)],
      city: 'shanghai',
    },
  ],
  [
    '中级电工证，2020年6月考的，低压电工证2019年拿的',
    {
      certificates: [skill(4, '电工', '2020-06-01'), { ...permit('低压电工作业'), issuedOn: '2019-01-01' }],
    },
  ],
  ['我有电工证，四级', { certificates: [skill(4)] }],
  ['一级建造师', {}],
  ['技师学院毕业，电工技师', { facts: { education: 'technical_school' }, certificates: [skill(2)] }],
  [
    '２８岁 中专 有低压证 厦门社保２年',
    {
      facts: { age: 28, education: 'technical_school', socialInsuranceYears: 2 },
      certificates: [permit('低压电工作业')],
      city: 'xiamen',
    },
  ],
];

describe('facts read from free text', () => {
  it('covers at least 80 phrases', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(80);
  });

  it.each(ROWS)('%s', (text, expected, expecting) => {
    const u = understand(text, expecting);
    expect(u.facts).toEqual(expected.facts ?? {});
    expect(u.certificates).toEqual(expected.certificates);
    expect(u.city).toBe(expected.city);
    expect(u.noCertificates).toBe(expected.noCertificates);
    expect(u.ambiguities.map((a) => a.question)).toEqual(expected.asks ?? []);
    const statesSomething = expected.facts || expected.certificates || expected.city || expected.noCertificates || expected.asks;
    if (statesSomething) expect(u.understoodAnything).toBe(true);
  });
});
