/**
 * Recognises a Telegram "webhook reply": the bot answers the update with a Bot API call as the HTTP response body
 * (`{"method":"sendMessage","chat_id":…,"text":…}`) instead of a separate request to the Bot API. Such a reply never
 * reaches the fake Bot API's counters, so the load generators look at the response bodies themselves.
 */

/** The Bot API method a webhook response body calls, or undefined when the body is not a webhook reply. */
export function webhookReplyMethod(body: string): string | undefined {
  // Cheap pre-check: an empty 200 or a plain "ok" is the common case and must not cost a JSON.parse.
  if (body.length < 2 || body.charCodeAt(0) !== 0x7b /* { */) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { method?: unknown }).method === 'string') {
      return (parsed as { method: string }).method;
    }
  } catch {
    // Not JSON: not a webhook reply.
  }
  return undefined;
}
