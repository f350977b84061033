/**
 * A picture of a result, as plain data: every text already in the user's language, every figure already worked out.
 * The dialog builds it next to the text result; a channel that can show images renders it (src/card) and sends it
 * after the text, which stays the answer when there is no picture.
 */
export interface ResultCard {
  /** e.g. 上海市居住证积分 */
  title: string;
  /** e.g. 2026-12-01 · 合计 105 分 / 标准 120 分 */
  subtitle: string;
  /** Points routes: the items that count, as bars. */
  bars?: CardBar[];
  /** The pass mark the bars are drawn against. */
  threshold?: number;
  thresholdLabel?: string;
  /** Eligibility routes: each condition and whether it is met (null: not known yet). */
  conditions?: CardCondition[];
  /** Points year by year, without and with the next certificate. */
  road?: CardRoad;
  /** One line on what is estimated or how sure the figures are. */
  note: string;
}

export interface CardBar {
  label: string;
  min: number;
  max: number;
  estimated: boolean;
  /** The sum of the items: drawn first and darker, the bar the pass mark is measured against. */
  total?: boolean;
}

export interface CardCondition {
  label: string;
  met: boolean | null;
  /** The word shown for the state, e.g. 已满足 / 还不满足 / 还不知道. */
  state: string;
}

export interface CardRoad {
  title: string;
  years: number[];
  /** Total (lower bound) each year without the certificate. */
  without: number[];
  /** With the certificate; null before it can be obtained. */
  with?: Array<number | null>;
  withoutLabel: string;
  withLabel?: string;
  threshold: number;
}

/** A rendered card: a PNG and its size; `key` is a hash of the card, so the same card has the same key. */
export interface CardPicture {
  png: Uint8Array;
  width: number;
  height: number;
  key: string;
}

/** Draws cards (src/card); a channel that can show images gets one from the wiring. */
export interface CardRenderer {
  render(card: ResultCard): Promise<CardPicture>;
}
