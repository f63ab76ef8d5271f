/**
 * @module The benchmark's workload: one realistic chat request of about 1,000 input tokens and a
 * reply of about 100 output tokens, the same for direct Bedrock calls and gateway calls.
 */
import type { OpenAIChatCompletionRequest } from '../../lambda/openai/chat-request-types';

/** Catalog id the gateway is asked for. */
const BENCH_MODEL = 'claude-haiku-4-5';

const SYSTEM_PROMPT =
  'You are a support assistant for an online bookshop. Answer briefly and politely, cite the order number when the ' +
  'customer gives one, never invent delivery dates, and hand over to a human when the customer asks for a refund ' +
  'above fifty euros. Use the lookup_order tool whenever an order number appears in the conversation.';

const PARAGRAPH =
  'I ordered three books last week, a cookbook, a travel guide to Portugal and a novel for my daughter, and only two ' +
  'of them arrived. The parcel was slightly damaged on one corner and the travel guide is missing entirely. The ' +
  'delivery note lists all three titles, so I assume the third book was lost in transit or never packed. ';

/** About 4,000 characters of conversation: roughly 1,000 tokens at four characters per token. */
function conversation(): OpenAIChatCompletionRequest['messages'] {
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `${PARAGRAPH.repeat(4)}My order number is 48213.` },
    { role: 'assistant', content: 'I am sorry to hear that. Let me check order 48213 for you. Could you tell me which title is missing?' },
    { role: 'user', content: `The travel guide. ${PARAGRAPH.repeat(6)}Can you send it again or refund it?` },
  ];
}

/** The OpenAI request body the load generator sends. */
function chatRequest(stream: boolean): OpenAIChatCompletionRequest {
  return {
    model: BENCH_MODEL,
    messages: conversation(),
    max_tokens: 512,
    temperature: 0.2,
    tools: [
      {
        type: 'function',
        function: {
          name: 'lookup_order',
          description: 'Looks up an order by its number.',
          parameters: { type: 'object', properties: { orderNumber: { type: 'string' } }, required: ['orderNumber'] },
        },
      },
    ],
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

/** About 100 tokens; the emulator streams it word by word, so a stream has about 80 events. */
const REPLY_TEXT =
  'Thank you for your patience. I have checked order 48213: the travel guide to Portugal was not packed, which is ' +
  'our mistake. I have asked the warehouse to send it again today at no cost, and you will receive a tracking ' +
  'number by email within a few hours. If you would rather have a refund for that title instead, just reply to ' +
  'this message and I will arrange it right away. I am sorry for the trouble.';

export { BENCH_MODEL, REPLY_TEXT, chatRequest };
