export { runConsoleChat, type ConsoleChatOptions } from './console-chat.js';
export { renderReply, renderTable, displayWidth } from './render.js';
