/** A FAQ that answers every question with one fixed text; for tests of the digression mechanism alone. */
import type { Reply } from '../../src/contract/index.js';
import type { FaqPort } from '../../src/dialog/ports.js';

export function fixedFaq(text: string): FaqPort {
  const reply: Reply = { kind: 'answer', text };
  return { answer: () => reply, answerById: () => reply };
}
