/**
 * The contract between the core and the adapters: what a channel hands in (InboundMessage), what it calls
 * (TurnHandler), what comes back (Reply) and how replies outside a turn go out (ChannelSender). It imports nothing,
 * so both sides may depend on it without depending on each other.
 */
export type { ChannelId, InboundMessage, ReplyTarget } from './message.js';
export type { CardBar, CardCondition, CardPicture, CardRenderer, CardRoad, ResultCard } from './card.js';
export type { Choice, Reply, ReplyKind, ReplyTable } from './reply.js';
export { type ChannelSender, PermanentDeliveryError } from './sender.js';
export type { TurnHandler, TurnResult } from './turn.js';
