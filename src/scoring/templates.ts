/** Filling the zh-CN sentence templates of rules/national/explanations.yaml. */
import type { Range } from './result.js';

/** Templates split once into literal text (even indices) and placeholder names (odd indices): filling is hot. */
const compiled = new Map<string, string[]>();

function compile(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  return parts;
}

/** Replaces {name} placeholders; an unknown placeholder stays visible so a template typo is noticed. */
export function fill(template: string, params: Record<string, string | number>): string {
  const parts = compile(template);
  if (parts.length === 1) return template;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const v = params[name];
    out += (v === undefined ? `{${name}}` : String(v)) + parts[i + 1]!;
  }
  return out;
}

/** 30 or 20–40. */
export function formatRange(r: Range): string {
  return r.min === r.max ? String(r.min) : `${r.min}–${r.max}`;
}
