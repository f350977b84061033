/**
 * A ResultCard as an Apache ECharts option: the breakdown as horizontal bars against the pass mark (or the route's
 * conditions as a list), and below it the road to the pass mark as two lines. Plain data in, plain data out, so the
 * layout can be tested without rendering.
 */
import type { CardCondition, ResultCard } from '../contract/index.js';

export const CARD_WIDTH = 900;
const MARGIN = 40;
const HEADER = 110;
const BAR_ROW = 46;
const CONDITION_ROW = 44;
const ROAD_HEIGHT = 360;
const FOOTER = 70;

const COLORS = {
  total: '#1f3f8f',
  bar: '#3b6fd8',
  estimated: '#9db7ea',
  threshold: '#d9453b',
  without: '#8a8f98',
  with: '#2e9e5b',
  text: '#222',
  muted: '#666',
};

export interface CardLayout {
  width: number;
  height: number;
  option: Record<string, unknown>;
}

export function cardOption(card: ResultCard, fontFamily: string): CardLayout {
  const grids: object[] = [];
  const xAxes: object[] = [];
  const yAxes: object[] = [];
  const series: object[] = [];
  const graphics: object[] = [text(MARGIN, 28, card.title, 30, COLORS.text, 'bold'), text(MARGIN, 72, card.subtitle, 20, COLORS.muted)];
  let y = HEADER;
  let legend: object | undefined;

  if (card.bars && card.bars.length > 0) {
    const height = card.bars.length * BAR_ROW;
    const top = y + 30;
    grids.push({ left: 300, right: 70, top, height, outerBoundsMode: 'none' });
    const maxValue = Math.max(card.threshold ?? 0, ...card.bars.map((b) => b.max));
    xAxes.push({ type: 'value', gridIndex: grids.length - 1, max: niceMax(maxValue), axisLabel: { fontSize: 14 } });
    yAxes.push({
      type: 'category',
      gridIndex: grids.length - 1,
      inverse: true,
      data: card.bars.map((b) => b.label),
      axisLabel: { fontSize: 17, color: COLORS.text, width: 280, overflow: 'break', lineHeight: 20 },
    });
    series.push({
      type: 'bar',
      xAxisIndex: xAxes.length - 1,
      yAxisIndex: yAxes.length - 1,
      barMaxWidth: 28,
      data: card.bars.map((b) => ({
        value: b.max,
        itemStyle: { color: b.total ? COLORS.total : b.estimated ? COLORS.estimated : COLORS.bar },
        label: { show: true, position: 'right', fontSize: 16, formatter: b.min === b.max ? `${b.max}` : `${b.min}–${b.max}` },
      })),
      markLine:
        card.threshold === undefined
          ? undefined
          : {
              symbol: 'none',
              lineStyle: { color: COLORS.threshold, width: 2, type: 'dashed' },
              label: { position: 'start', formatter: card.thresholdLabel ?? `${card.threshold}`, fontSize: 16, color: COLORS.threshold },
              data: [{ xAxis: card.threshold }],
            },
    });
    y = top + height + 40;
  }

  if (card.conditions && card.conditions.length > 0) {
    card.conditions.forEach((c, i) => graphics.push(...conditionRow(c, MARGIN, y + i * CONDITION_ROW)));
    y += card.conditions.length * CONDITION_ROW + 20;
  }

  if (card.road && card.road.years.length > 1) {
    const road = card.road;
    graphics.push(text(MARGIN, y, road.title, 22, COLORS.text, 'bold'));
    if (road.with && road.withLabel) {
      legend = { top: y + 2, right: MARGIN, textStyle: { fontSize: 16 }, data: [road.withoutLabel, road.withLabel] };
    }
    const top = y + 50;
    grids.push({ left: 80, right: 60, top, height: ROAD_HEIGHT - 110, outerBoundsMode: 'none' });
    xAxes.push({ type: 'category', gridIndex: grids.length - 1, data: road.years.map(String), axisLabel: { fontSize: 14 } });
    const top2 = Math.max(road.threshold, ...road.without, ...(road.with ?? []).map((v) => v ?? 0));
    yAxes.push({ type: 'value', gridIndex: grids.length - 1, max: niceMax(top2), axisLabel: { fontSize: 14 } });
    // Both lines of the road share the grid just pushed and differ only in name, data and colour.
    const roadLine = (name: string | undefined, data: Array<number | null>, color: string) => ({
      type: 'line' as const,
      name,
      xAxisIndex: xAxes.length - 1,
      yAxisIndex: yAxes.length - 1,
      data,
      lineStyle: { color, width: 3 },
      itemStyle: { color },
    });
    series.push({
      ...roadLine(road.withoutLabel, road.without, COLORS.without),
      markLine: {
        symbol: 'none',
        lineStyle: { color: COLORS.threshold, width: 2, type: 'dashed' },
        label: { formatter: `${road.threshold}`, fontSize: 14, color: COLORS.threshold },
        data: [{ yAxis: road.threshold }],
      },
    });
    if (road.with) series.push({ ...roadLine(road.withLabel, road.with, COLORS.with), connectNulls: false });
    y = top + ROAD_HEIGHT - 60;
  }

  graphics.push(text(MARGIN, y + 10, card.note, 16, COLORS.muted));
  // A picture, not a page: nothing reacts to a pointer, so ECharts need not build hover styles (the SSR SVG's CSS)
  // nor keep elements for events.
  for (const s of series as Array<Record<string, unknown>>) {
    s.silent = true;
    s.emphasis = { disabled: true };
    if (s.markLine) Object.assign(s.markLine, { silent: true, emphasis: { disabled: true } });
  }
  for (const g of graphics as Array<Record<string, unknown>>) g.silent = true;
  if (legend) Object.assign(legend, { selectedMode: false });
  const height = y + FOOTER;
  return {
    width: CARD_WIDTH,
    height,
    option: {
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily },
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
      legend,
      graphic: graphics,
    },
  };
}

function text(left: number, top: number, content: string, fontSize: number, fill: string, fontWeight = 'normal'): object {
  return { type: 'text', left, top, style: { text: content, fontSize, fill, fontWeight } };
}

function conditionRow(c: CardCondition, left: number, top: number): object[] {
  const color = c.met === true ? '#2e9e5b' : c.met === false ? '#d9453b' : '#c08a00';
  return [
    { type: 'circle', left, top: top + 6, shape: { r: 8 }, style: { fill: color } },
    text(left + 30, top, c.label, 20, COLORS.text),
    { type: 'text', right: MARGIN, top, style: { text: c.state, fontSize: 20, fill: color } },
  ];
}

/** An axis end a little above the largest value, on a round number. */
function niceMax(value: number): number {
  const step = value <= 50 ? 10 : value <= 200 ? 20 : 50;
  return Math.max(step, Math.ceil((value * 1.08) / step) * step);
}
