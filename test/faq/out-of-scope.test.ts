// Everyday questions get the out-of-scope reply, not the nearest entry; questions about certificates, points and
// settling still get their entry. The phrasings here are not those of dialogs/faq/_out-of-scope.yaml.
import { describe, expect, it } from 'vitest';
import { createFaq, loadFaq, loadOutOfScope } from '../../src/faq/index.js';

const faq = createFaq(loadFaq(), { outOfScope: loadOutOfScope() });

describe('out of scope', () => {
  it('turns away everyday questions that share a word or two with an entry', () => {
    for (const q of ['燃气灶打不着火是啥原因', '小孩转学要准备些啥', '驾驶证过期了咋办', '医保断交了怎么补', '电饭锅坏了去哪修']) {
      expect(faq.answer(q).kind, q).not.toBe('answer');
    }
  });

  it('still answers short questions about the domain', () => {
    for (const [q, id] of [
      ['操作证过期半年了咋办', 'special-op-expired'],
      ['低压证真假咋查', 'verify-special-op'],
      ['许昌落户麻烦不', 'xuchang'],
    ] as const) {
      const a = faq.answer(q);
      expect(a.kind === 'answer' ? a.entry.id : a.kind, q).toBe(id);
    }
  });
});
