/**
 * @module Image URLs of a Messages request fetched by the gateway (SSRF-guarded, size and time
 * capped) and put in as base64 sources: Bedrock takes image bytes only.
 */
import { fetchRemoteImages, type RemoteImage } from '../bedrock/fetch-request-images';
import type { FetchedImage, ImageFetcher } from '../bedrock/fetch-image';
import { InvalidRequestError } from '../platform/errors';
import type { AnthropicMessageParam, AnthropicMessagesRequest, AnthropicRequestBlock } from './messages-api-types';

/**
 * Image URLs one request may make the gateway fetch (Converse's image limit): each fetch may take
 * the fetch timeout, so a request of hundreds of URLs would hold the gateway for many minutes.
 * Images beyond it go as base64.
 */
const MAX_IMAGE_URLS_PER_REQUEST = 20;

/** The URL of an image block whose source is a URL. */
function imageUrlOf(block: AnthropicRequestBlock): string | undefined {
  if (block.type !== 'image') return undefined;
  const source = block['source'] as { type?: unknown; url?: unknown } | undefined;
  return source?.type === 'url' && typeof source.url === 'string' ? source.url : undefined;
}

/** Every URL image of the request (in user turns and in tool results), with its parameter path. */
function locateImageUrls(messages: readonly AnthropicMessageParam[]): RemoteImage[] {
  const found: RemoteImage[] = [];
  messages.forEach((message, messageIndex) => {
    if (typeof message.content === 'string') return;
    message.content.forEach((block, blockIndex) => {
      const path = `messages.${messageIndex}.content.${blockIndex}`;
      const url = imageUrlOf(block);
      if (url !== undefined) found.push({ url, param: `${path}.source.url` });
      const nested = block.type === 'tool_result' ? block['content'] : undefined;
      if (!Array.isArray(nested)) return;
      nested.forEach((inner: AnthropicRequestBlock, innerIndex: number) => {
        const innerUrl = imageUrlOf(inner);
        if (innerUrl !== undefined) found.push({ url: innerUrl, param: `${path}.content.${innerIndex}.source.url` });
      });
    });
  });
  return found;
}

function withBase64(block: AnthropicRequestBlock, images: ReadonlyMap<string, FetchedImage>): AnthropicRequestBlock {
  const url = imageUrlOf(block);
  const image = url === undefined ? undefined : images.get(url);
  if (image === undefined) {
    const nested = block.type === 'tool_result' ? block['content'] : undefined;
    return Array.isArray(nested) ? { ...block, content: nested.map((inner: AnthropicRequestBlock) => withBase64(inner, images)) } : block;
  }
  return { ...block, source: { type: 'base64', media_type: `image/${image.format}`, data: Buffer.from(image.bytes).toString('base64') } };
}

interface ResolveImageUrlsOptions {
  readonly fetchImage: ImageFetcher;
  readonly signal?: AbortSignal;
}

/**
 * The request with its URL images fetched and inlined as base64; the request itself when it has none.
 *
 * @throws InvalidRequestError naming the image URL that could not be used, or the first one past
 *   `MAX_IMAGE_URLS_PER_REQUEST` (before anything is fetched).
 */
async function resolveImageUrls(request: AnthropicMessagesRequest, options: ResolveImageUrlsOptions): Promise<AnthropicMessagesRequest> {
  const remote = locateImageUrls(request.messages);
  if (remote.length === 0) return request;
  const distinct = [...new Map(remote.map((image) => [image.url, image])).values()];
  const over = distinct[MAX_IMAGE_URLS_PER_REQUEST];
  if (over !== undefined) {
    throw new InvalidRequestError(
      `${over.param}: the gateway fetches at most ${MAX_IMAGE_URLS_PER_REQUEST} image URLs per request, and this is URL ${MAX_IMAGE_URLS_PER_REQUEST + 1}; send the others as base64.`,
      { param: over.param, code: 'too_many_images' },
    );
  }
  const images = await fetchRemoteImages(remote, options);
  const messages = request.messages.map((message) =>
    typeof message.content === 'string' ? message : { ...message, content: message.content.map((block) => withBase64(block, images)) },
  );
  return { ...request, messages };
}

export { MAX_IMAGE_URLS_PER_REQUEST, resolveImageUrls };
