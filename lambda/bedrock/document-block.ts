/** @module OpenAI `file` parts as Converse `document` blocks: format detection and Bedrock-safe names. */
import type { DocumentBlock, DocumentFormat } from '@aws-sdk/client-bedrock-runtime';
import { parseDataUrl } from './data-url';

/**
 * Formats Converse documents accept (`DocumentBlock.format`), keyed by MIME type.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html
 */
const DOCUMENT_MIME_TYPES: Readonly<Record<string, DocumentFormat>> = {
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'text/html': 'html',
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** File extensions, for data URLs without a useful MIME type. */
const DOCUMENT_EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  pdf: 'pdf',
  txt: 'txt',
  text: 'txt',
  csv: 'csv',
  html: 'html',
  htm: 'html',
  md: 'md',
  markdown: 'md',
  doc: 'doc',
  docx: 'docx',
  xls: 'xls',
  xlsx: 'xlsx',
};

/**
 * Bedrock's per-document limit ("Each document's size must be no more than 4.5 MB").
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
 */
const MAX_DOCUMENT_BYTES = 4_500_000;
const MAX_DOCUMENT_NAME_LENGTH = 200;

/** Why a file part cannot become a document. */
type DocumentProblem = 'not_data_url' | 'unsupported_format' | 'too_large';

type DocumentConversion =
  | { readonly ok: true; readonly format: DocumentFormat; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly problem: DocumentProblem; readonly detail: string };

function extensionOf(filename: string | undefined): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(filename ?? '');
  return match?.[1]?.toLowerCase() ?? '';
}

/** Decodes `file_data` and decides its format from the MIME type, then the file name. */
function decodeFileData(fileData: string, filename: string | undefined): DocumentConversion {
  const decoded = parseDataUrl(fileData);
  if (decoded === undefined) {
    return { ok: false, problem: 'not_data_url', detail: "file_data must be a data URL ('data:application/pdf;base64,...')" };
  }
  const format = DOCUMENT_MIME_TYPES[decoded.mimeType] ?? DOCUMENT_EXTENSIONS[extensionOf(filename)];
  if (format === undefined) {
    const supported = [...new Set(Object.values(DOCUMENT_MIME_TYPES))].join(', ');
    return {
      ok: false,
      problem: 'unsupported_format',
      detail: `unsupported document type '${decoded.mimeType || extensionOf(filename) || 'unknown'}'; supported formats: ${supported}`,
    };
  }
  if (decoded.bytes.byteLength > MAX_DOCUMENT_BYTES) {
    return { ok: false, problem: 'too_large', detail: `the document is larger than ${MAX_DOCUMENT_BYTES} bytes (Bedrock's limit)` };
  }
  return { ok: true, format, bytes: decoded.bytes };
}

/**
 * Bedrock document names allow only alphanumerics, single whitespace characters, hyphens,
 * parentheses and square brackets, 1 to 200 characters. The extension is dropped (the format
 * carries it) and everything else becomes a hyphen.
 */
function sanitizeDocumentName(filename: string | undefined, fallback: string): string {
  const stem = (filename ?? '').replace(/\.[A-Za-z0-9]+$/, '');
  const cleaned = stem
    .replace(/[^A-Za-z0-9\s()[\]-]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/-{2,}/g, '-')
    .trim()
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_DOCUMENT_NAME_LENGTH - 8)
    .trim();
  return cleaned === '' ? fallback : cleaned;
}

/** Hands out document names that are unique within one request, since Bedrock rejects duplicates. */
class DocumentNamer {
  private readonly used = new Set<string>();

  name(filename: string | undefined): string {
    const base = sanitizeDocumentName(filename, `document ${this.used.size + 1}`);
    let candidate = base;
    for (let copy = 2; this.used.has(candidate); copy += 1) candidate = `${base} (${copy})`;
    this.used.add(candidate);
    return candidate;
  }
}

/** Builds the Converse block for a decoded document. */
function toDocumentBlock(name: string, format: DocumentFormat, bytes: Uint8Array): DocumentBlock {
  return { name, format, source: { bytes } };
}

export { DOCUMENT_MIME_TYPES, DocumentNamer, MAX_DOCUMENT_BYTES, decodeFileData, sanitizeDocumentName, toDocumentBlock };
export type { DocumentConversion, DocumentProblem };
