import { Resvg } from '@resvg/resvg-js';
import { cardSvg, findCardFont, openOutlineFont, PICTURE_WIDTH } from './src/card/index.js';
import { encodePng } from './src/card/png.js';
import { loadCore } from './src/app/core.js';
import { cardTexts, resultCard } from './src/dialog/result-card.js';
import { evaluate, loadRules, roadToThreshold, validateFacts } from './src/scoring/index.js';
const font = findCardFont()!;
const rules = loadRules(); const shanghai = rules.byId('shanghai')!; const core = loadCore({}); const texts = cardTexts(core.spec.messages);
const today = '2026-12-01';
function cardFor(i: number) {
  const v = validateFacts({ age: 24 + (i % 30), education: 'high_school', socialInsuranceYears: i % 12, occupationYears: 2 + (i % 15),
    certificates: [{ kind: 'skill', occupation: '电工', level: 3 + (i % 2), issuedOn: '2021-03-01', issuedWhileWorkingInCity: true, matchesJob: true }],
    insuranceBaseAboveAverage: i % 3 === 0 }, today);
  if (!v.ok) throw new Error();
  const result = evaluate(v.facts, shanghai, today, rules.national);
  const card = resultCard({ result, road: roadToThreshold(v.facts, shanghai, rules.national, today, result.next[0]), texts, statusText: (s) => s, factLabel: (p) => p });
  return { ...card!, subtitle: `${card!.subtitle} #${i}` };
}
const outl = openOutlineFont(font.file, font.family);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const N = 40; const best = { svg: Infinity, outline: Infinity, raster: Infinity, png: Infinity };
let k = 0;
for (let round = 0; round < 6; round++) {
  const t = { svg: 0, outline: 0, raster: 0, png: 0 };
  for (let i = 0; i < N; i++) {
    const card = cardFor(k++);
    let c = cpu();
    const { svg } = await cardSvg(card, font.family); let d = cpu(); t.svg += d - c; c = d;
    const o = outl.outline(svg); d = cpu(); t.outline += d - c; c = d;
    const img = new Resvg(o, { background: '#ffffff', fitTo: { mode: 'width', value: PICTURE_WIDTH }, font: { loadSystemFonts: false, fontFiles: [] } }).render(); d = cpu(); t.raster += d - c; c = d;
    await encodePng(img.pixels, img.width, img.height); d = cpu(); t.png += d - c;
  }
  if (round > 0) for (const key of Object.keys(t) as Array<keyof typeof t>) best[key] = Math.min(best[key], t[key] / N);
}
const sum = Object.values(best).reduce((a, b) => a + b, 0);
console.log(Object.fromEntries(Object.entries(best).map(([key, v]) => [key, `${v.toFixed(2)} ms (${Math.round((100 * v) / sum)} %)`])), 'sum', sum.toFixed(1));
