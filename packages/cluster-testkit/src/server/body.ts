import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { errors } from '../api/status';

/** Reads a request body up to `limit` bytes; larger bodies get 413 like the apiserver's limit. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw errors.requestEntityTooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON (or, for apply patches, YAML) body into an object, or answers 400. */
export function parseObjectBody(text: string, contentType: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(
      `the object provided is unrecognized: json parse error: ${(error as Error).message}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest('the object provided is unrecognized: expected a JSON object');
  }
  return value as Record<string, unknown>;
}

export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(`json parse error: ${(error as Error).message}`);
  }
}
