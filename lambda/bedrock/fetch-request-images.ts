/** @module The images of one request: Bedrock's count limit, and remote fetches with bounded concurrency and a total size cap. */
import type { OpenAIChatMessage, OpenAIImagePart } from '../openai/chat-request-types';
import { InvalidRequestError } from '../platform/errors';
import { ImageFetchError, MAX_IMAGE_BYTES, type FetchedImage, type ImageFetcher } from './fetch-image';

/**
 * Most images one Converse request may carry: "You can include up to 20 images."
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
 */
const MAX_IMAGES_PER_REQUEST = 20;
/** Remote images fetched at the same time for one request. */
const IMAGE_FETCH_CONCURRENCY = 4;
/** Bytes of remote images one request may make the gateway download (5 images at Bedrock's per-image cap). */
const MAX_FETCHED_IMAGE_BYTES = 5 * MAX_IMAGE_BYTES;

/** An image part with the parameter name it is reported under. */
interface LocatedImage {
  readonly part: OpenAIImagePart;
  /** `messages[i].content[j]` */
  readonly param: string;
}

interface FetchRequestImagesOptions {
  readonly fetchImage: ImageFetcher;
  readonly signal?: AbortSignal;
  /** @default IMAGE_FETCH_CONCURRENCY */
  readonly concurrency?: number;
  /** @default MAX_FETCHED_IMAGE_BYTES */
  readonly maxTotalBytes?: number;
}

/** Every image part of the user turns, in request order. */
function locateImages(messages: readonly OpenAIChatMessage[]): LocatedImage[] {
  return messages.flatMap((message, index) => {
    if (message.role !== 'user' || typeof message.content === 'string') return [];
    return message.content.flatMap((part, partIndex) => (part.type === 'image_url' ? [{ part, param: `messages[${index}].content[${partIndex}]` }] : []));
  });
}

/**
 * Rejects a request with more images than Bedrock accepts, before anything is fetched.
 * @throws InvalidRequestError naming the first image over the limit (`messages[i].content[j].image_url`).
 */
function checkImageCount(messages: readonly OpenAIChatMessage[]): void {
  const over = locateImages(messages)[MAX_IMAGES_PER_REQUEST];
  if (over === undefined) return;
  const param = `${over.param}.image_url`;
  throw new InvalidRequestError(
    `Too many images: Amazon Bedrock accepts at most ${MAX_IMAGES_PER_REQUEST} images per request, and '${param}' is image ${MAX_IMAGES_PER_REQUEST + 1}.`,
    { param, code: 'too_many_images' },
  );
}

function fetchFailed(error: ImageFetchError, urlParam: string): InvalidRequestError {
  return new InvalidRequestError(`Could not use the image at '${urlParam}': ${error.message}.`, { param: urlParam, code: 'invalid_image_url', cause: error });
}

/** A remote image URL with the parameter its errors name (`messages[0].content[1].image_url.url`). */
interface RemoteImage {
  readonly url: string;
  readonly param: string;
}

/**
 * Fetches remote image URLs (whatever API they came in), each URL once, at most `concurrency` at a
 * time, and stops everything once their bytes pass `maxTotalBytes` or one fetch fails.
 * @returns the fetched image of each URL.
 * @throws InvalidRequestError naming the image URL that failed or crossed the total.
 */
async function fetchRemoteImages(
  remote: readonly RemoteImage[],
  { fetchImage, signal, concurrency = IMAGE_FETCH_CONCURRENCY, maxTotalBytes = MAX_FETCHED_IMAGE_BYTES }: FetchRequestImagesOptions,
): Promise<ReadonlyMap<string, FetchedImage>> {
  // Most requests have no remote image: no controller, no combined signal (AbortSignal.any is not free).
  if (remote.length === 0) {
    signal?.throwIfAborted();
    return new Map();
  }
  const firstByUrl = new Map<string, RemoteImage>();
  for (const image of remote) if (!firstByUrl.has(image.url)) firstByUrl.set(image.url, image);
  const queue = [...firstByUrl.values()];
  const controller = new AbortController();
  const combined = signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
  const byUrl = new Map<string, FetchedImage>();
  let totalBytes = 0;

  async function fetchOne({ url, param }: RemoteImage): Promise<void> {
    let image: FetchedImage;
    try {
      image = await fetchImage(url, combined);
    } catch (error) {
      throw error instanceof ImageFetchError ? fetchFailed(error, param) : error;
    }
    totalBytes += image.bytes.byteLength;
    if (totalBytes > maxTotalBytes) {
      throw new InvalidRequestError(
        `The remote images of this request add up to more than ${maxTotalBytes} bytes, the gateway's per-request limit; '${param}' crosses it. Send fewer or smaller images.`,
        { param, code: 'image_too_large' },
      );
    }
    byUrl.set(url, image);
  }

  async function worker(): Promise<void> {
    for (let next = queue.shift(); next !== undefined && !combined.aborted; next = queue.shift()) await fetchOne(next);
  }

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  } catch (error) {
    // The first failure decides; the fetches still running are cancelled.
    controller.abort(error);
    throw error;
  }
  signal?.throwIfAborted();
  return byUrl;
}

/**
 * Fetches the chat request's `http(s)` image URLs (see `fetchRemoteImages`).
 * @returns the fetched image of each remote image part.
 * @throws InvalidRequestError naming the image URL that failed or crossed the total.
 */
async function fetchRequestImages(messages: readonly OpenAIChatMessage[], options: FetchRequestImagesOptions): Promise<ReadonlyMap<OpenAIImagePart, FetchedImage>> {
  const remote = locateImages(messages).filter(({ part }) => !part.image_url.url.startsWith('data:'));
  const byUrl = await fetchRemoteImages(
    remote.map(({ part, param }) => ({ url: part.image_url.url, param: `${param}.image_url.url` })),
    options,
  );
  const fetched = new Map<OpenAIImagePart, FetchedImage>();
  for (const { part } of remote) {
    const image = byUrl.get(part.image_url.url);
    if (image !== undefined) fetched.set(part, image);
  }
  return fetched;
}

export { IMAGE_FETCH_CONCURRENCY, MAX_FETCHED_IMAGE_BYTES, MAX_IMAGES_PER_REQUEST, checkImageCount, fetchRemoteImages, fetchRequestImages };
export type { FetchRequestImagesOptions, RemoteImage };
