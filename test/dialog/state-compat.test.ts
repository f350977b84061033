import { describe, expect, it } from 'vitest';
import { step, stepInPlace } from '../../src/dialog/engine.js';
import type { DialogContext } from '../../src/dialog/ports.js';
import { cloneState, parseState, serializeState, settleState, type DialogState } from '../../src/dialog/state.js';
import { loadCore } from '../../src/app/core.js';

/**
 * A session as stored before the turn runtime was made cheaper: the one-letter codes of src/dialog/state.ts
 * (a age, e education, c certificates with k kind, o occupation, l level, d issuedOn, w issuedWhileWorkingInCity,
 * m matchesJob; oy occupationYears, si socialInsuranceYears; "=<key>=<value>" an offered answer, "/x" a command).
 * Sessions live 30 days in Redis: they must read the same after any change to how they are read or written.
 */
const STORED =
  '{"v":1,"c":"shanghai","f":{"a":26,"e":"bachelor_degree","c":[{"k":"skill","o":"电工","l":4,"d":"2020-05-01","w":true,"m":true}],"oy":6,"si":3},' +
  '"p":"it","o":["=it=below_80","=it=80_100","/skip"],"a":["ci","a","c.w#0","c.m#0","c.d#0","oy"],"s":["ib"],"u":1795296261}';

const EXPECTED: DialogState = {
  city: 'shanghai',
  facts: {
    age: 26,
    education: 'bachelor_degree',
    certificates: [
      { kind: 'skill', occupation: '电工', level: 4, issuedOn: '2020-05-01', issuedWhileWorkingInCity: true, matchesJob: true },
    ],
    occupationYears: 6,
    socialInsuranceYears: 3,
  },
  pending: 'insuranceBaseTier',
  misses: 0,
  offered: ['q:insuranceBaseTier=below_80', 'q:insuranceBaseTier=80_100', 'cmd:skip'],
  answered: [
    'city',
    'age',
    'certificates.issuedWhileWorkingInCity#0',
    'certificates.matchesJob#0',
    'certificates.issuedOn#0',
    'occupationYears',
  ],
  skipped: ['insuranceBaseAboveAverage'],
  done: false,
  resumeOffered: false,
  updatedAt: 1_795_296_261_000,
};

describe('stored sessions across versions', () => {
  it('reads a session stored in the version-1 format', () => {
    expect(parseState(STORED)).toEqual(EXPECTED);
  });

  it('reads the same session twice alike (remembered key translations change nothing)', () => {
    expect(parseState(STORED)).toEqual(parseState(STORED));
  });

  it('writes it back byte for byte', () => {
    expect(serializeState(EXPECTED)).toBe(STORED);
  });
});

describe('copies of a state', () => {
  it('share nothing a turn may change', () => {
    const original = parseState(STORED)!;
    const copy = cloneState(original);
    expect(copy).toEqual(original);
    copy.answered.push('bonus');
    copy.skipped.push('bonus');
    copy.offered.length = 0;
    copy.facts.certificates![0]!.matchesJob = false;
    copy.facts.age = 40;
    expect(original).toEqual(EXPECTED);
  });

  it('step leaves its input alone; stepInPlace answers the same', () => {
    const core = loadCore();
    const ctx: DialogContext = { ...core, today: '2026-11-21', now: 1_795_296_300_000 };
    const input = parseState(STORED)!;
    const viaCopy = step(input, { text: '2' }, ctx);
    expect(input).toEqual(EXPECTED);
    const inPlace = stepInPlace(parseState(STORED), { text: '2' }, ctx);
    expect(inPlace).toEqual(viaCopy);
    // "2" picks the second offered value: the 80–100 % tier of the insurance base.
    expect(inPlace.state?.facts.insuranceBaseTier).toBe('80_100');
  });
});

describe('city-scoped facts in the session', () => {
  const core = loadCore();
  const ctx: DialogContext = { ...core, today: '2026-11-21', now: 1_795_296_300_000 };

  it('a session stored before they were kept per city reads with its facts as the stored city’s (nothing moved)', () => {
    // The old format has no "x": the insurance years and the certificate's w are Shanghai's, as they were given.
    const state = parseState(STORED)!;
    expect(state.elsewhere).toBeUndefined();
    expect(state.facts.socialInsuranceYears).toBe(3);
    // Changing city then puts them aside for Shanghai and asks Xiamen's anew.
    const moved = step(state, { choice: 'q:city=xiamen' }, ctx).state!;
    expect(moved.city).toBe('xiamen');
    expect(moved.facts.socialInsuranceYears).toBeUndefined();
    expect(moved.facts.certificates![0]!.issuedWhileWorkingInCity).toBeUndefined();
    expect(moved.facts.certificates![0]!.matchesJob).toBe(true); // about the job, not the city: kept
    expect(moved.elsewhere).toEqual({ shanghai: { socialInsuranceYears: 3, certificates: [{ issuedWhileWorkingInCity: true }] } });
  });

  it('stores other cities’ facts under "x" and reads them back; back to Shanghai brings them back', () => {
    const moved = step(parseState(STORED), { choice: 'q:city=xiamen' }, ctx).state!;
    const stored = serializeState(moved);
    expect(JSON.parse(stored).x).toEqual({ shanghai: { si: 3, c: [{ w: true }] } });
    const read = parseState(stored)!;
    expect(read.elsewhere).toEqual(moved.elsewhere);
    expect(settleState(moved)).toEqual(read); // the runtime's kept copy reads like the stored string
    const back = step(read, { choice: 'q:city=shanghai' }, ctx).state!;
    expect(back.facts.socialInsuranceYears).toBe(3);
    expect(back.facts.certificates![0]!.issuedWhileWorkingInCity).toBe(true);
    expect(back.elsewhere).toBeUndefined();
  });

  it('a corrupt "x" is dropped, never guessed', () => {
    const corrupt = `${STORED.slice(0, -1)},"x":[1,2]}`;
    expect(parseState(corrupt)!.elsewhere).toBeUndefined();
  });
});
