/**
 * Filling the zh-CN texts of rules/ and dialogs/: `{name}` placeholders, and figures that may be ranges.
 * One implementation for every part (scoring explanations, dialog messages, reminder texts).
 */
type Filler = (params: Readonly<Record<string, string | number | undefined>>) => string;

/** Templates compiled once into fillers (literal parts and placeholder names split ahead): filling is hot. */
const compiled = new Map<string, Filler>();

function compile(template: string): Filler {
  const parts = template.split(/\{(\w+)\}/);
  if (parts.length === 1) return () => template;
  return (params) => {
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i]!;
      const v = params[name];
      out += (v === undefined ? `{${name}}` : String(v)) + parts[i + 1]!;
    }
    return out;
  };
}

/** Replaces {name} placeholders; an unknown placeholder stays visible so a template typo is noticed. */
export function fill(template: string, params: Readonly<Record<string, string | number | undefined>> = {}): string {
  let filler = compiled.get(template);
  if (!filler) {
    filler = compile(template);
    compiled.set(template, filler);
  }
  return filler(params);
}

/** 30 or 20–40. */
export function formatRange(r: { min: number; max: number }): string {
  return r.min === r.max ? String(r.min) : `${r.min}–${r.max}`;
}

/** 2027-03-01 → 2027年3月1日 */
export function formatZhDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
