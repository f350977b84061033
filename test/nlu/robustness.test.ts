/** Bad input never throws and is never taken for an answer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUnderstander } from '../../src/nlu/index.js';
import { factsSchema } from '../../src/scoring/facts.js';
import { CITIES } from './cities.js';

const understand = createUnderstander(CITIES);

describe('robustness', () => {
  it.each(['asdfgh', '🙂🙂', '哈哈哈', '', '   ', '。。。', '👀🔥💯', '\u0000\uffff', 'ｱｲｳ'])('%j: nothing understood', (text) => {
    const u = understand(text);
    expect(u.understoodAnything).toBe(false);
    expect(u.facts).toEqual({});
    expect(u.intents).toEqual([]);
  });

  it('a 5,000-character message is read (first part only) without throwing', () => {
    const long = '哈'.repeat(5000);
    expect(understand(long).understoodAnything).toBe(false);
    const factsFirst = `我32岁${'啊'.repeat(5000)}`;
    expect(understand(factsFirst).facts).toEqual({ age: 32 });
    const factsLate = `${'啊'.repeat(5000)}我32岁`;
    expect(understand(factsLate).facts).toEqual({});
  });

  it('emoji around facts do not hide them', () => {
    const u = understand('👷我32岁👍，电工四级🎉');
    expect(u.facts).toEqual({ age: 32 });
    expect(u.certificates).toEqual([{ kind: 'skill', occupation: '电工', level: 4 }]);
  });

  it('never throws, and every certificate it reports passes the facts schema', () => {
    const alphabet = [...'我岁年社保交了电工四级三级中高初技师证低压本科有没学位不对上海沪是的,，。?？0123456789一二两三十半多吗'];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((a) => a.join('')),
        ),
        fc.constantFrom(undefined, { fact: 'age' as const }, { yesNo: true as const }, { fact: 'certificates' as const }),
        (text, expecting) => {
          const u = understand(text, expecting);
          const certs = factsSchema.shape.certificates.safeParse(u.certificates);
          expect(certs.success).toBe(true);
          expect(typeof u.understoodAnything).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a non-string from a careless caller is treated as an empty message', () => {
    expect(understand(undefined as unknown as string).understoodAnything).toBe(false);
  });
});
