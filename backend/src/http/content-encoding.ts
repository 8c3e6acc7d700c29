import { Negotiator } from '@fastify/accept-negotiator';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/** Below this size compression saves less than the header costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

const negotiator = new Negotiator<ContentEncoding>({ supportedValues: ['br', 'gzip', 'identity'] });

/** The best encoding the client accepts (`Accept-Encoding` with q-values); identity without the header. */
export function negotiateEncoding(acceptEncoding: string | undefined): ContentEncoding {
  if (!acceptEncoding) return 'identity';
  return negotiator.negotiate(acceptEncoding) ?? 'identity';
}

/**
 * Compresses a JSON answer. Brotli at quality 5 is the usual point for dynamic text: most of the
 * size gain of 11 for a small fraction of its CPU, and memoised answers pay it once.
 */
export function encodeBody(body: Buffer, encoding: ContentEncoding): Buffer {
  switch (encoding) {
    case 'br':
      return brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
    case 'gzip':
      return gzipSync(body, { level: 6 });
    case 'identity':
      return body;
  }
}

/** A strong ETag names one representation, so each encoding gets its own (as Apache's mod_deflate does). */
export function encodedEtag(etag: string, encoding: ContentEncoding): string {
  return encoding === 'identity' ? etag : `${etag.slice(0, -1)}-${encoding}"`;
}
