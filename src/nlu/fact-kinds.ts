/**
 * What kind of value each fact holds, read from factsSchema itself so a fact added there is understood
 * as a bare answer ("是", "5") without touching this module.
 */
import { factsSchema, type FactName } from '../scoring/facts.js';

export type FactKind =
  | { type: 'number'; integer: boolean }
  | { type: 'boolean' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'other' };

interface SchemaLike {
  unwrap?: () => SchemaLike;
  def: { type: string };
  isInt?: boolean | null;
  options?: readonly string[];
}

function kindOf(schema: SchemaLike): FactKind {
  const inner = schema.def.type === 'optional' && schema.unwrap ? schema.unwrap() : schema;
  switch (inner.def.type) {
    case 'number':
      return { type: 'number', integer: inner.isInt === true };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'enum', values: inner.options ?? [] };
    default:
      return { type: 'other' };
  }
}

const KINDS = new Map<string, FactKind>(
  Object.entries(factsSchema.shape).map(([name, schema]) => [name, kindOf(schema as unknown as SchemaLike)]),
);

export function factKind(fact: string): FactKind {
  return KINDS.get(fact) ?? { type: 'other' };
}

export function isFactName(name: string): name is FactName {
  return KINDS.has(name);
}
