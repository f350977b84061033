/**
 * Equality as JSON (`JSON.stringify(x) === JSON.stringify(y)`) without writing the JSON. The dialog compares facts
 * this way to tell "changed" from "said again"; serialising both sides twice a turn was a few per cent of its CPU.
 * Plain objects, arrays and primitives are compared directly; anything JSON writes in its own way (toJSON, class
 * instances, functions or undefined inside arrays) falls back to comparing the JSON.
 */
export function sameJson(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  const kind = plainKind(x);
  const kindY = plainKind(y);
  // A fact known on one side only (every new fact): JSON writes undefined as nothing, anything plain as some text.
  if ((x === undefined && kindY !== undefined) || (y === undefined && kind !== undefined)) return false;
  if (kind === undefined || kind !== kindY) return JSON.stringify(x) === JSON.stringify(y);
  if (kind === 'array') return sameArrays(x as unknown[], y as unknown[]) ?? JSON.stringify(x) === JSON.stringify(y);
  if (kind === 'record')
    return sameRecords(x as Record<string, unknown>, y as Record<string, unknown>) ?? JSON.stringify(x) === JSON.stringify(y);
  // Different primitives may still write alike (NaN and null both write "null"), but a string or a boolean writes
  // as no other primitive does, and so does a finite number (a changed answer: no JSON needed).
  if (typeof x === 'string' || typeof y === 'string' || typeof x === 'boolean' || typeof y === 'boolean') return false;
  if (Number.isFinite(x) && Number.isFinite(y)) return false;
  return JSON.stringify(x) === JSON.stringify(y);
}

type PlainKind = 'primitive' | 'array' | 'record';

function plainKind(v: unknown): PlainKind | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return 'primitive';
  if (typeof v !== 'object') return undefined;
  if (Array.isArray(v)) return Object.getPrototypeOf(v) === Array.prototype ? 'array' : undefined;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return undefined;
  return typeof (v as { toJSON?: unknown }).toJSON === 'function' ? undefined : 'record';
}

/** How JSON treats a member of an object or array: written as is, left out (in arrays: null), or its own way. */
function member(v: unknown): 'plain' | 'skipped' | 'other' {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return 'skipped';
  return plainKind(v) === undefined ? 'other' : 'plain';
}

/** undefined: cannot tell without the JSON. */
function sameArrays(x: unknown[], y: unknown[]): boolean | undefined {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (member(x[i]) !== 'plain' || member(y[i]) !== 'plain') return undefined;
    if (!sameJson(x[i], y[i])) return false;
  }
  return true;
}

function sameRecords(x: Record<string, unknown>, y: Record<string, unknown>): boolean | undefined {
  const kx = writtenKeys(Object.keys(x), x);
  const ky = writtenKeys(Object.keys(y), y);
  if (kx === undefined || ky === undefined) return undefined;
  if (kx.length !== ky.length) return false;
  for (let i = 0; i < kx.length; i++) {
    if (kx[i] !== ky[i] || !sameJson(x[kx[i]!], y[ky[i]!])) return false;
  }
  return true;
}

/** The keys of `all` (the keys of `o`) that JSON writes; `all` itself when that is every one of them, as it mostly is. */
function writtenKeys(all: string[], o: Record<string, unknown>): string[] | undefined {
  let keys: string[] | undefined;
  for (let i = 0; i < all.length; i++) {
    const m = member(o[all[i]!]);
    if (m === 'other') return undefined;
    // Copied only from the first left-out key on: facts compared twice a turn rarely hold an undefined.
    if (m === 'skipped') keys ??= all.slice(0, i);
    else keys?.push(all[i]!);
  }
  return keys ?? all;
}
