import type { Buffer } from 'node:buffer';
import type { TimerHandle } from '../clock';
import { FlotillaError, type FlotillaErrorKind } from '../errors';
import { describeNetworkError, networkFailureKind } from './classify-error';
import type { ExchangeStop } from './http-exchange';
import type { LineStop } from './line-stream';

export type AbortCause = 'caller' | 'deadline' | 'disposed' | ExchangeStop | LineStop;

/** The per-request state the exchange, the line reader and the error mapping share. */
export interface Call {
  method: string;
  label: string;
  timeoutMs: number;
  /** Body cap of a request; line cap of a stream. */
  maxBytes: number;
  /** Stall watchdog: of a stream's lines, or of a request's body. */
  idleTimeoutMs: number | undefined;
  /** A request's wait for its response headers (a stream's is its deadline). */
  headersTimeoutMs: number | undefined;
  deadline: TimerHandle | null;
  /** A stream whose body is being read. */
  streaming: boolean;
  controller: AbortController;
  cause: AbortCause | null;
  /** Still waiting for credentials (an exec plugin may be running). */
  awaitingCredentials: boolean;
  cleanups: Array<() => void>;
}

export function newCall(
  method: string,
  path: string,
  limits: Pick<Call, 'timeoutMs' | 'maxBytes' | 'idleTimeoutMs' | 'headersTimeoutMs'>,
): Call {
  return {
    method,
    label: `${method} ${path}`,
    ...limits,
    deadline: null,
    streaming: false,
    controller: new AbortController(),
    cause: null,
    awaitingCredentials: false,
    cleanups: [],
  };
}

/** Aborts the call; the first cause is the one reported. */
export function abortCall(call: Call, cause: AbortCause): void {
  if (call.cause !== null) return;
  call.cause = cause;
  call.controller.abort();
}

/** What the mapping needs to know about the transport. */
export interface CallErrorContext {
  server: string;
  connectTimeoutMs: number;
  execAuth: boolean;
  fail: (kind: FlotillaErrorKind, message: string, cause?: unknown) => FlotillaError;
}

/** Turns why a call stopped (or the Node error it failed with) into a classified FlotillaError. */
export function callError(call: Call, error: unknown, ctx: CallErrorContext): FlotillaError {
  const { label } = call;
  switch (call.cause) {
    case 'caller':
      return ctx.fail('cancelled', `${label}: cancelled`);
    case 'closed':
      return ctx.fail('cancelled', `${label}: closed`);
    case 'disposed':
      return ctx.fail('cancelled', `${label}: transport disposed`);
    case 'too-large':
      return ctx.fail(
        'malformed-response',
        `${label}: response body exceeds the limit of ${call.maxBytes} bytes (maxResponseBytes)`,
      );
    case 'line-too-long':
      return ctx.fail(
        'malformed-response',
        `${label}: a line of the stream exceeds the limit of ${call.maxBytes} bytes (maxLineBytes)`,
      );
    case 'idle-timeout':
      return ctx.fail('timeout', `${label}: stream stalled, no data for ${call.idleTimeoutMs} ms`);
    case 'headers-timeout':
      return ctx.fail('timeout', `${label}: no response headers within ${call.headersTimeoutMs} ms`);
    case 'body-idle':
      return ctx.fail('timeout', `${label}: response body stalled, no data for ${call.idleTimeoutMs} ms`);
    case 'connect-timeout':
      return ctx.fail(
        'timeout',
        `${label}: could not connect to ${ctx.server} within ${ctx.connectTimeoutMs} ms`,
      );
    case 'deadline':
      // A hung credential plugin is a credential failure, not a connectivity one.
      if (call.awaitingCredentials && ctx.execAuth) {
        return ctx.fail(
          'exec-plugin',
          `${label}: exec plugin did not return credentials within the ${call.timeoutMs} ms deadline`,
        );
      }
      return ctx.fail('timeout', `${label}: no response within ${call.timeoutMs} ms`);
    case null:
      break;
  }
  if (error instanceof FlotillaError) return error;
  const kind = networkFailureKind(error);
  return ctx.fail(kind, `${label}: ${describeNetworkError(error)} (${ctx.server})`, error);
}

/** A stream ends cleanly when it completed or its owner closed it; anything else is an error. */
export function streamOutcome(
  call: Call,
  error: unknown,
  complete: boolean,
  ctx: CallErrorContext,
): FlotillaError | null {
  if (call.cause === 'caller' || call.cause === 'closed') return null;
  if (call.cause === null && error === null) {
    if (complete) return null;
    return ctx.fail('transport', `${call.label}: connection closed mid-stream (${ctx.server})`);
  }
  return callError(call, error, ctx);
}

/** JSON (default) or text; an empty body is `undefined`. */
export function parseBody<T>(
  call: Call,
  responseType: 'json' | 'text' | undefined,
  body: Buffer,
  ctx: CallErrorContext,
): T {
  const text = body.toString('utf8');
  if (responseType === 'text') return text as T;
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    // The body may be a Secret; say how big it was, never what it said.
    throw ctx.fail(
      'malformed-response',
      `${call.label}: response is not valid JSON (${body.length} bytes)`,
      error,
    );
  }
}
