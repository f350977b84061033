/**
 * settleState: the state a process keeps after storing it must be exactly what reading the stored string gives,
 * or a process with a warm cache would behave unlike a cold one. The oracle is parseState(serializeState(state)).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDialogSpec } from '../../src/dialog/spec.js';
import { ANSWERED_KEPT, newState, parseState, serializeState, settleState, type DialogState } from '../../src/dialog/state.js';
import { REMINDER_KINDS } from '../../src/reminders/types.js';
import { certificateSchema, factsSchema } from '../../src/scoring/facts.js';

const spec = loadDialogSpec();
const questionIds = spec.questions.map((q) => q.id);
const FACT_NAMES = Object.keys(factsSchema.shape).filter((k) => k !== 'certificates');
const CERT_NAMES = Object.keys(certificateSchema.shape);
const DATE_QUESTIONS = ['ask_date', 'ask_future', 'ask_valid_date', 'ask_which_day', 'ask_meridiem', 'ask_repeat', 'ask_too_far'] as const;

/** Values JSON writes as they are, and a few it does not (NaN, ±Infinity → null, -0 → 0, null, undefined). */
const oddNumber = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0);
const value = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.oneof(fc.integer({ min: 0, max: 80 }), fc.double({ min: 0, max: 60, noNaN: true }), fc.boolean(), fc.string()),
  },
  { weight: 1, arbitrary: fc.oneof(oddNumber, fc.constant(null), fc.constant(undefined)) },
);
/** Keys, some present with an undefined value (as a copy-on-write update leaves them). */
const record = (names: string[]) =>
  fc.dictionary(fc.constantFrom(...names), value, { maxKeys: names.length }) as fc.Arbitrary<Record<string, unknown>>;

const certificate = record(CERT_NAMES);
const facts = fc
  .tuple(record(FACT_NAMES), fc.option(fc.array(certificate, { maxLength: 4 }), { nil: undefined, freq: 3 }), fc.boolean())
  .map(([f, certificates, certificatesKeyPresent]) => (certificates || certificatesKeyPresent ? { ...f, certificates } : f));

const certKey = fc
  .tuple(fc.constantFrom(...questionIds.filter((id) => id.startsWith('certificates.'))), fc.nat(3))
  .map(([id, i]) => `${id}#${i}`);
/** Question keys as the dialog makes them, and strings only a foreign or corrupt stored state would hold. */
const key = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(fc.constantFrom(...questionIds), certKey) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('a', 'c.d', 'ci', '=x', 'x#1#2', '/', 'q:')) },
);
const offeredValue = fc.oneof(
  fc.tuple(key, fc.string({ maxLength: 8 })).map(([k, v]) => `q:${k}=${v}`),
  fc.constantFrom('cmd:continue', 'cmd:startOver', 'cmd:compare', 'faq:two-kinds', 'a:0', 't:是', 'ro:review:1767225600000'),
  fc.string(),
  fc.constantFrom('/x', '=a=1', '=ab', 'q:noequals'),
);

const time = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.double({ min: 0, max: 4_102_444_800_000, noNaN: true })),
  },
  { weight: 1, arbitrary: oddNumber },
);

const reminder = fc.record(
  {
    ask: fc.constantFrom('confirm' as const, ...DATE_QUESTIONS),
    what: fc.oneof(fc.constant(''), fc.string()),
    kind: fc.constantFrom(...REMINDER_KINDS),
    dueAt: fc.option(time, { nil: undefined }),
    repeat: fc.option(fc.constant('yearly' as const), { nil: undefined }),
    precision: fc.option(fc.constantFrom('day' as const, 'time' as const), { nil: undefined }),
    text: fc.option(fc.string(), { nil: undefined }),
  },
  { requiredKeys: ['ask', 'what', 'kind'] },
);

const STATE_KEYS = [
  'city',
  'facts',
  'pending',
  'misses',
  'offered',
  'answered',
  'skipped',
  'done',
  'resumeOffered',
  'reminder',
  'updatedAt',
];

/** States as the dialog leaves them: any key order (a new state gets `city` last), optional keys absent or undefined. */
const state: fc.Arbitrary<DialogState> = fc
  .tuple(
    fc.record(
      {
        city: fc.option(fc.oneof(fc.constantFrom('shanghai', 'chongqing', 'shenzhen'), fc.string()), { nil: undefined }),
        facts,
        pending: fc.option(key, { nil: undefined }),
        misses: fc.oneof(fc.nat(5), oddNumber),
        offered: fc.array(offeredValue, { maxLength: 8 }),
        answered: fc.array(key, { maxLength: ANSWERED_KEPT * 2 + 3 }),
        skipped: fc.array(key, { maxLength: 5 }),
        done: fc.boolean(),
        resumeOffered: fc.boolean(),
        reminder: fc.option(reminder, { nil: undefined, freq: 2 }),
        updatedAt: time,
      },
      { requiredKeys: ['facts', 'misses', 'offered', 'answered', 'skipped', 'done', 'resumeOffered', 'updatedAt'] },
    ),
    fc.shuffledSubarray(STATE_KEYS, { minLength: STATE_KEYS.length }),
  )
  .map(([fields, order]) => {
    const out: Record<string, unknown> = {};
    for (const k of order) if (k in fields) out[k] = (fields as Record<string, unknown>)[k];
    return out as unknown as DialogState;
  });

/** A deep copy keeping undefined values and prototypes, to see that settleState changes nothing it is given. */
function snapshot<T>(v: T): T {
  if (Array.isArray(v)) return v.map(snapshot) as T;
  if (typeof v !== 'object' || v === null) return v;
  const copy = Object.create(Object.getPrototypeOf(v) as object | null) as Record<string, unknown>;
  for (const k of Object.keys(v)) copy[k] = snapshot((v as Record<string, unknown>)[k]);
  return copy as T;
}

describe('settleState', () => {
  it('is exactly the state read back from its stored form, key order included', () => {
    fc.assert(
      fc.property(state, (s) => {
        const before = snapshot(s);
        const read = parseState(serializeState(s));
        const settled = settleState(s);
        expect(settled).toStrictEqual(read);
        expect(JSON.stringify(settled)).toBe(JSON.stringify(read));
        // It shares parts of `s` but never changes them.
        expect(s).toStrictEqual(before);
      }),
      { numRuns: 2000 },
    );
  });

  it('covers the states a real intake leaves: rounded time, the last answers only, no undefined facts', () => {
    const s: DialogState = {
      ...newState(1_772_416_800_123.5),
      facts: {
        age: 32,
        education: 'bachelor_degree',
        socialInsuranceYears: undefined,
        certificates: [{ kind: 'skill', occupation: '电工', level: 4, issuedOn: undefined }],
      },
      answered: Array.from({ length: ANSWERED_KEPT + 3 }, (_, i) => (i % 2 ? 'age' : 'education')),
      pending: 'certificates.issuedOn#0',
      reminder: undefined,
      city: 'shanghai',
    };
    const settled = settleState(s)!;
    expect(settled.updatedAt).toBe(1_772_416_800_000);
    expect(settled.answered).toHaveLength(ANSWERED_KEPT);
    expect(settled.facts).toStrictEqual({
      age: 32,
      education: 'bachelor_degree',
      certificates: [{ kind: 'skill', occupation: '电工', level: 4 }],
    });
    expect('reminder' in settled).toBe(false);
    expect(Object.keys(settled)).toEqual(Object.keys(parseState(serializeState(s))!));
  });

  it('shares what already reads back as it is, so keeping a state costs no copy of its facts', () => {
    const s: DialogState = {
      ...newState(1_000),
      city: 'shanghai',
      facts: { age: 40, certificates: [{ kind: 'skill', occupation: '电工', level: 3 }] },
      offered: ['cmd:continue'],
      answered: ['city', 'age'],
    };
    const settled = settleState(s)!;
    expect(settled.facts).toBe(s.facts);
    expect(settled.offered).toBe(s.offered);
    expect(settled.answered).toBe(s.answered);
  });
});
