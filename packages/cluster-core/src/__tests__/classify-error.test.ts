import { describe, expect, it } from 'vitest';
import { describeNetworkError, networkFailureKind } from '../node/classify-error';
import { kindForStatus, parseRetryAfter, statusError } from '../node/status-error';

const nodeError = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('network error classification', () => {
  it.each([
    ['ECONNREFUSED', 'transport'],
    ['ECONNRESET', 'transport'],
    ['EPIPE', 'transport'],
    ['ENOTFOUND', 'transport'],
    ['EHOSTUNREACH', 'transport'],
    ['ETIMEDOUT', 'timeout'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
  ] as const)('%s → %s', (code, kind) => {
    expect(networkFailureKind(nodeError(code))).toBe(kind);
  });

  it('describes errors without request data', () => {
    expect(describeNetworkError(nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))).toBe(
      'connection refused (ECONNREFUSED)',
    );
    expect(describeNetworkError(nodeError('ECONNRESET', 'socket hang up'))).toContain('socket hang up');
    expect(networkFailureKind(new Error('no code'))).toBe('transport');
  });
});

describe('HTTP status classification', () => {
  it.each([
    [400, 'invalid'],
    [401, 'auth'],
    [403, 'authz'],
    [404, 'not-found'],
    [409, 'conflict'],
    [410, 'invalid'],
    [422, 'invalid'],
    [429, 'throttled'],
    [500, 'server'],
    [503, 'server'],
  ] as const)('%i → %s', (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });

  const base = {
    clusterId: 'c',
    clusterName: 'c',
    method: 'GET',
    path: '/api',
    headers: {},
    secrets: ['s3cr3t-token'],
    now: 0,
  };

  it('reads Retry-After as seconds or an HTTP date, falling back to the Status details for 429', () => {
    expect(parseRetryAfter('7', 0)).toBe(7);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    const body = JSON.stringify({
      kind: 'Status',
      code: 429,
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 3 },
    });
    expect(statusError({ ...base, status: 429, body }).retryAfterSeconds).toBe(3);
    expect(
      statusError({ ...base, status: 429, body, headers: { 'retry-after': '5' } }).retryAfterSeconds,
    ).toBe(5);
  });

  it('summarises a non-Status body and redacts known secrets from Status messages', () => {
    const html = statusError({
      ...base,
      status: 502,
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    expect(html.kind).toBe('server');
    expect(html.message).toContain('502 Bad Gateway');
    const echoed = statusError({
      ...base,
      status: 400,
      body: JSON.stringify({ kind: 'Status', message: 'bad s3cr3t-token' }),
    });
    expect(echoed.message).not.toContain('s3cr3t-token');
    expect(echoed.statusBody?.message).toBe('bad [REDACTED]');
  });
});
