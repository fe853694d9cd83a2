import { describe, expect, it } from 'vitest';
import { FlotillaError, isAuthFailure, isTransportFailure } from '../errors';
import { redact, redactSecrets } from '../redact';

describe('redact', () => {
  it('removes bearer tokens, JWTs, PEM blocks and credential fields', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl';
    const text = [
      'Authorization: Bearer abc.def-123',
      `id-token ${jwt}`,
      '-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----',
      '{"token":"s3cr3t","user":"bob"}',
      'client-key-data: LS0tLS1CRUdJTi',
      'password=hunter2',
    ].join('\n');
    const out = redact(text);
    for (const secret of ['abc.def-123', jwt, 'MIIEvQ', 's3cr3t', 'LS0tLS1CRUdJTi', 'hunter2'])
      expect(out).not.toContain(secret);
    expect(out).toContain('"user":"bob"');
  });

  it('strips known secrets verbatim', () => {
    expect(redactSecrets('the plugin printed q1w2e3r4t5 oops', ['q1w2e3r4t5'])).toBe(
      'the plugin printed [REDACTED] oops',
    );
  });
});

describe('FlotillaError', () => {
  it('names its cluster, is redacted and serializes without secrets', () => {
    const error = new FlotillaError({
      kind: 'auth',
      clusterId: '/k:prod',
      clusterName: 'prod',
      message: 'request with Bearer topsecret refused',
      status: 401,
      statusBody: {
        kind: 'Status',
        reason: 'Unauthorized',
        message: 'token=topsecret is invalid',
        code: 401,
      },
    });
    expect(error.message).toBe('[prod] request with Bearer [REDACTED] refused');
    expect(error.retryable).toBe(false);
    expect(JSON.stringify(error.toJSON())).not.toContain('topsecret');
    expect(error.statusBody?.message).not.toContain('topsecret');
    expect(error.toJSON()).toMatchObject({
      kind: 'auth',
      clusterId: '/k:prod',
      clusterName: 'prod',
      status: 401,
      reason: 'Unauthorized',
    });
    expect(isAuthFailure(error)).toBe(true);
    expect(isTransportFailure(error)).toBe(false);
  });

  it('marks transient kinds retryable by default', () => {
    const make = (kind: FlotillaError['kind']) => new FlotillaError({ kind, clusterId: 'c', message: 'x' });
    expect(make('throttled').retryable).toBe(true);
    expect(make('server').retryable).toBe(true);
    expect(make('timeout').retryable).toBe(true);
    expect(make('tls').retryable).toBe(false);
    expect(make('config').retryable).toBe(false);
  });
});
