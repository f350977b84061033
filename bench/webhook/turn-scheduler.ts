/**
 * Feeds the load generators (autocannon in load.ts, paced-load.ts) distinct updates while keeping each user's order,
 * as Telegram does ("updates from the same chat in sequence, from different chats concurrently"): a user's next
 * message is sent only after the answer to the previous one arrived. `pool` users take turns (FIFO), so consecutive
 * requests come from different users; a user who finished the intake is replaced by a new one. Bodies are built
 * when a user joins, not while sending. Also counts the answers that were webhook replies (webhook-reply.ts).
 */
import { UpdateIds, textUpdate } from './updates.js';
import { webhookReplyMethod } from './webhook-reply.js';

export interface ActiveUser {
  bodies: string[];
  next: number;
}

export interface TurnSchedulerOptions {
  /** The messages one user sends, in order. */
  conversation: (user: number) => string[];
  /** Users taking turns at once. */
  pool: number;
  /** First Telegram user id; different runs use different ranges. */
  firstUserId: number;
}

export class TurnScheduler {
  private readonly ready: ActiveUser[] = [];
  private readonly ids = new UpdateIds();
  private nextUser: number;
  usersStarted = 0;
  usersFinished = 0;
  /** Requests answered with a non-5xx status (turns done). */
  answeredCount = 0;
  /** 2xx answers whose body was a webhook reply (a Bot API call in the HTTP response), any method. */
  webhookReplies = 0;
  /** Of those, the ones calling sendMessage (a reply the user sees). */
  webhookSendMessageReplies = 0;

  constructor(private readonly options: TurnSchedulerOptions) {
    this.nextUser = options.firstUserId;
    for (let i = 0; i < options.pool; i++) this.ready.push(this.newUser());
  }

  private newUser(): ActiveUser {
    const id = this.nextUser++;
    this.usersStarted++;
    const date = Math.floor(Date.now() / 1000);
    const bodies = this.options.conversation(id).map((text) => textUpdate(this.ids.take(), id, text, date));
    return { bodies, next: 0 };
  }

  /** Users whose next message can be sent now (not waiting for an answer). */
  get readyCount(): number {
    return this.ready.length;
  }

  /** The next body to send, and the user it belongs to (pass it back to `answered`). */
  take(): { user: ActiveUser; body: string } {
    // Every in-flight user is out of the queue; with more connections than pool users, start new ones.
    const user = this.ready.shift() ?? this.newUser();
    return { user, body: user.bodies[user.next]! };
  }

  /**
   * The answer to the user's last message arrived: queue their next one (or a new user when they are done). A 5xx
   * is redelivered later, like Telegram does: the same update goes back in the queue. `responseBody` (when the
   * generator has it) is checked for a webhook reply.
   */
  answered(user: ActiveUser, status: number, responseBody?: string): void {
    if (status >= 500) {
      this.ready.push(user);
      return;
    }
    this.answeredCount++;
    if (responseBody !== undefined && status < 300) {
      const method = webhookReplyMethod(responseBody);
      if (method !== undefined) {
        this.webhookReplies++;
        if (method === 'sendMessage') this.webhookSendMessageReplies++;
      }
    }
    user.next++;
    if (user.next < user.bodies.length) this.ready.push(user);
    else {
      this.usersFinished++;
      this.ready.push(this.newUser());
    }
  }
}
