export { runConsoleChat, type ConsoleChatOptions } from './console-chat.js';
export { createConsoleSender, type ConsoleSenderOptions } from './console-sender.js';
export { renderReply, renderTable, displayWidth } from './render.js';
