/** Filling the zh-CN sentence templates of rules/national/explanations.yaml: the shared implementation. */
export { fill, formatRange } from '../text/template.js';
