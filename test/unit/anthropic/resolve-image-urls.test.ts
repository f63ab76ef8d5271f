/** Image URLs of a Messages request: fetched once each and inlined as base64, at most 20 distinct per request. */
import type { ImageFetcher } from '../../../lambda/bedrock/fetch-image';
import type { AnthropicMessagesRequest } from '../../../lambda/anthropic/messages-api-types';
import { MAX_IMAGE_URLS_PER_REQUEST, resolveImageUrls } from '../../../lambda/anthropic/resolve-image-urls';

function requestWithImageUrls(urls: readonly string[]): AnthropicMessagesRequest {
  const content = [...urls.map((url) => ({ type: 'image' as const, source: { type: 'url' as const, url } })), { type: 'text' as const, text: 'Compare.' }];
  return { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content }] };
}

function countingFetcher(): { fetchImage: ImageFetcher; fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    fetchImage: async (url) => {
      fetched.push(url);
      return { bytes: new Uint8Array([1, 2, 3]), format: 'png' };
    },
  };
}

const urls = (count: number): string[] => Array.from({ length: count }, (_, index) => `https://images.example/${index}.png`);

describe('resolveImageUrls', () => {
  it(`fetches ${MAX_IMAGE_URLS_PER_REQUEST} distinct URLs once each and inlines them as base64`, async () => {
    const { fetchImage, fetched } = countingFetcher();
    const repeated = [...urls(MAX_IMAGE_URLS_PER_REQUEST), 'https://images.example/0.png'];

    const resolved = await resolveImageUrls(requestWithImageUrls(repeated), { fetchImage });

    expect(fetched).toHaveLength(MAX_IMAGE_URLS_PER_REQUEST);
    const [first] = resolved.messages[0]?.content as unknown as { source: unknown }[];
    expect(first?.source).toEqual({ type: 'base64', media_type: 'image/png', data: 'AQID' });
  });

  it(`refuses URL ${MAX_IMAGE_URLS_PER_REQUEST + 1} with a 400 naming it, before fetching any`, async () => {
    const { fetchImage, fetched } = countingFetcher();

    const refused = resolveImageUrls(requestWithImageUrls(urls(MAX_IMAGE_URLS_PER_REQUEST + 1)), { fetchImage });

    await expect(refused).rejects.toMatchObject({
      statusCode: 400,
      code: 'too_many_images',
      param: `messages.0.content.${MAX_IMAGE_URLS_PER_REQUEST}.source.url`,
    });
    expect(fetched).toEqual([]);
  });
});
