/** @module The images of one request: at most 20, fetched a few at a time, within a total size cap. */
import { convertToBedrockMessages } from '../../../lambda/bedrock/convert-to-bedrock-messages';
import { ImageFetchError, MAX_IMAGE_BYTES, type FetchedImage, type ImageFetcher } from '../../../lambda/bedrock/fetch-image';
import { IMAGE_FETCH_CONCURRENCY, MAX_FETCHED_IMAGE_BYTES, MAX_IMAGES_PER_REQUEST } from '../../../lambda/bedrock/fetch-request-images';
import { RequestWarnings } from '../../../lambda/bedrock/request-warnings';
import { ToolNameRegistry } from '../../../lambda/bedrock/tool-names';
import type { OpenAIChatMessage, OpenAIUserContentPart } from '../../../lambda/openai/chat-request-types';
import { PNG_BYTES, PNG_DATA_URL, claude, fakeFetcher } from './fixtures';

const remote = (name: string | number): OpenAIUserContentPart => ({ type: 'image_url', image_url: { url: `https://images.example/${name}.png` } });
const inline: OpenAIUserContentPart = { type: 'image_url', image_url: { url: PNG_DATA_URL } };
const user = (content: OpenAIUserContentPart[]): OpenAIChatMessage => ({ role: 'user', content });

function convert(messages: OpenAIChatMessage[], fetchImage: ImageFetcher, signal?: AbortSignal) {
  return convertToBedrockMessages(messages, { model: claude, fetchImage, toolNames: new ToolNameRegistry(), warnings: new RequestWarnings(), ...(signal ? { signal } : {}) });
}

/** A fetcher whose fetches stay open until released, recording how many run at once. */
function gatedFetcher(image: FetchedImage = { bytes: PNG_BYTES, format: 'png' }) {
  const state = { inFlight: 0, maxInFlight: 0, started: [] as string[], signals: [] as AbortSignal[] };
  const waiting: (() => void)[] = [];
  const fetchImage: ImageFetcher = async (url, signal) => {
    state.started.push(url);
    if (signal) state.signals.push(signal);
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await new Promise<void>((resolve) => waiting.push(resolve));
    state.inFlight -= 1;
    return image;
  };
  /** Releases the open fetches until none is left. */
  async function drain(): Promise<void> {
    for (let rounds = 0; rounds < 100; rounds += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      waiting.splice(0).forEach((release) => release());
    }
  }
  return { fetchImage, state, drain };
}

describe('image count', () => {
  it(`fails with 400 naming image ${MAX_IMAGES_PER_REQUEST + 1}, data URLs included, before fetching anything`, async () => {
    const fetcher = fakeFetcher();
    const messages = [
      user([{ type: 'text', text: 'Compare' }, ...Array.from({ length: 12 }, (_, i) => remote(i))]),
      { role: 'assistant' as const, content: 'Go on' },
      user([inline, { type: 'text', text: 'and' }, ...Array.from({ length: 8 }, (_, i) => remote(`b${i}`))]),
    ];

    await expect(convert(messages, fetcher)).rejects.toMatchObject({ statusCode: 400, param: 'messages[2].content[9].image_url', code: 'too_many_images' });
    expect(fetcher.calls).toEqual([]);
  });

  it(`accepts ${MAX_IMAGES_PER_REQUEST} images`, async () => {
    const result = await convert([user([inline, ...Array.from({ length: MAX_IMAGES_PER_REQUEST - 1 }, (_, i) => remote(i))])], fakeFetcher());
    expect(result.messages[0]?.content).toHaveLength(MAX_IMAGES_PER_REQUEST);
  });
});

describe('remote image fetching', () => {
  it(`runs at most ${IMAGE_FETCH_CONCURRENCY} fetches at a time and keeps the images in order`, async () => {
    const { fetchImage, state, drain } = gatedFetcher();
    const pending = convert([user(Array.from({ length: 12 }, (_, i) => remote(i)))], fetchImage);
    await drain();
    const result = await pending;

    expect(state.started).toHaveLength(12);
    expect(state.maxInFlight).toBe(IMAGE_FETCH_CONCURRENCY);
    expect(result.messages[0]?.content).toEqual(Array.from({ length: 12 }, () => ({ image: { format: 'png', source: { bytes: PNG_BYTES } } })));
  });

  it('fetches a URL repeated in the request once', async () => {
    const fetcher = fakeFetcher();
    await convert([user([remote('cat'), remote('cat')]), { role: 'assistant', content: 'ok' }, user([remote('cat')])], fetcher);
    expect(fetcher.calls).toEqual(['https://images.example/cat.png']);
  });

  it(`fails with 400 once the fetched bytes pass ${MAX_FETCHED_IMAGE_BYTES}, and starts no more fetches`, async () => {
    const big = new Uint8Array(MAX_IMAGE_BYTES);
    big.set(PNG_BYTES);
    const { fetchImage, state, drain } = gatedFetcher({ bytes: big, format: 'png' });
    const pending = convert([user(Array.from({ length: 12 }, (_, i) => remote(i)))], fetchImage);
    const outcome = expect(pending).rejects.toMatchObject({ statusCode: 400, code: 'image_too_large', param: expect.stringMatching(/^messages\[0\]\.content\[\d+\]\.image_url\.url$/) });
    await drain();
    await outcome;

    expect(state.started.length).toBeLessThan(12);
    expect(state.signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('fails with 400 naming the URL whose fetch failed, and aborts the fetches still running', async () => {
    const signals: AbortSignal[] = [];
    const fetchImage: ImageFetcher = (url, signal) => {
      if (signal) signals.push(signal);
      if (url.endsWith('/2.png')) return Promise.reject(new ImageFetchError('blocked_address', 'host resolves to a private or reserved address'));
      return new Promise<FetchedImage>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
    };

    await expect(convert([user([remote(0), remote(1), remote(2), remote(3)])], fetchImage)).rejects.toMatchObject({
      statusCode: 400,
      param: 'messages[0].content[2].image_url.url',
      code: 'invalid_image_url',
      message: expect.stringContaining('private or reserved address'),
    });
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('passes the caller abort to the running fetches and starts no more', async () => {
    const controller = new AbortController();
    const { fetchImage, state, drain } = gatedFetcher();
    const pending = convert([user(Array.from({ length: 8 }, (_, i) => remote(i)))], fetchImage, controller.signal);
    const outcome = expect(pending).rejects.toThrow('client went away');
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('client went away'));
    await drain();
    await outcome;

    expect(state.signals.every((signal) => signal.aborted)).toBe(true);
    expect(state.started).toHaveLength(IMAGE_FETCH_CONCURRENCY);
  });
});
