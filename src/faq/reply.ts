/** Turns a FaqAnswer into the channel-neutral Reply; the fixed texts come from dialogs/faq/_replies.yaml. */
import type { Reply } from '../contract/index.js';
import { choiceValue } from '../dialog/choice-value.js';
import type { FaqReplies } from './entry.js';
import type { FaqAnswer } from './match.js';

/**
 * @example faqReply(faq.answer('复审多久一次'), loadFaqReplies()) // { kind: 'answer', text: '…', choices: [...] }
 */
export function faqReply(answer: FaqAnswer, replies: FaqReplies): Reply {
  switch (answer.kind) {
    case 'answer': {
      const assumed = answer.assumed?.map((c) => replies.conditionLabels[c]).join('、');
      const reply: Reply = {
        kind: 'answer',
        text: assumed ? `${answer.text}${replies.assumedNote.replace('{conditions}', assumed)}` : answer.text,
      };
      if (answer.entry.status === 'estimated') reply.after = replies.estimatedNote;
      if (answer.followUps.length > 0) reply.choices = answer.followUps;
      return reply;
    }
    case 'unsure':
      return {
        kind: 'answer',
        text: replies.unsure,
        choices: answer.candidates.map(({ entry }) => ({ label: entry.question, value: choiceValue.faq(entry.id) })),
      };
    case 'out_of_scope':
      return { kind: 'answer', text: replies.outOfScope, choices: replies.outOfScopeChoices };
  }
}
