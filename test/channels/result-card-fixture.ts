/**
 * The result card the channel tests send: a Shanghai points result as the dialog builds it (texts in Chinese, figures
 * worked out), the real renderer with the font the test set-up installs, and a renderer that cannot draw (a server
 * whose font went missing) standing in at the CardRenderer port for the "render failed" cases.
 */
import { createCardRenderer, findCardFont } from '../../src/card/index.js';
import type { CardRenderer, Reply, ResultCard } from '../../src/contract/index.js';

export const SHANGHAI_CARD: ResultCard = {
  title: '上海市居住证积分',
  subtitle: '2026-12-02 · 合计 135 分，标准 120 分',
  bars: [
    { label: '合计', min: 135, max: 135, estimated: false, total: true },
    { label: '年龄', min: 30, max: 30, estimated: false },
    { label: '教育背景', min: 90, max: 90, estimated: false },
    { label: '社保年限', min: 15, max: 15, estimated: false },
  ],
  threshold: 120,
  thresholdLabel: '标准 120',
  note: '按官方公布的规则计算；政策会变，办理前请向当地官方渠道确认。',
};

/** A finished result with its card, as the dialog's last reply of a turn. */
export function resultWithCard(card: ResultCard = SHANGHAI_CARD): Reply[] {
  return [{ kind: 'result', text: '【上海】合计 135 分，标准 120 分，已达到标准分', card }];
}

export function realCardRenderer(): CardRenderer {
  const font = findCardFont();
  if (!font) throw new Error('no Chinese font: bash scripts/install-test-deps.sh');
  return createCardRenderer(font);
}

export const brokenCardRenderer: CardRenderer = {
  render: () => Promise.reject(new Error('card font unreadable')),
};
