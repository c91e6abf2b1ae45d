// Request bodies are limited to 25 MB: a declared Content-Length over it, or a body streamed
// without one that grows past it, is refused with 413; a malformed Content-Length with 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BODY_BYTES } from '../src/yoga/use-body-size-limit.js';
import { startTestApi, type Tenant, type TestApi } from './support/test-api.js';

let api: TestApi;
let tenant: Tenant;
beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.tenant();
});
afterAll(() => api.close());

const QUERY = JSON.stringify({ query: '{ assets(first: 1) { totalCount } }' });

function post(body: BodyInit, headers: Record<string, string>) {
  return api.app.fetch('http://test/graphql', {
    method: 'POST', body, duplex: 'half',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${tenant.readKey}`, ...headers },
  } as RequestInit);
}

/** A JSON body of `bytes` bytes (a long ignored extension), streamed in 1 MB chunks with no Content-Length. */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  const head = new TextEncoder().encode('{"query":"{ __typename }","extensions":{"pad":"');
  const tail = new TextEncoder().encode('"}}');
  let left = bytes - head.length - tail.length;
  let started = false;
  return new ReadableStream({
    pull(controller) {
      if (!started) { started = true; return controller.enqueue(head); }
      if (left <= 0) { controller.enqueue(tail); return controller.close(); }
      const size = Math.min(left, 1 << 20);
      left -= size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
}

describe('POST /graphql body size', () => {
  it('answers a body with its Content-Length', async () => {
    const response = await post(QUERY, { 'content-length': String(Buffer.byteLength(QUERY)) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { assets: { totalCount: 0 } } });
  });

  it('refuses a declared Content-Length over the limit with 413 before reading the body', async () => {
    const response = await post(QUERY, { 'content-length': String(MAX_REQUEST_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0]).toMatchObject({ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } });
  });

  it('refuses a malformed Content-Length with 400', async () => {
    const response = await post(QUERY, { 'content-length': '12abc' });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0]).toMatchObject({ message: 'Content-Length header is invalid.', extensions: { code: 'BAD_REQUEST' } });
  });

  it('counts a body streamed without Content-Length: under the limit it is answered', async () => {
    const response = await post(streamed(2 << 20), {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { __typename: 'Query' } });
  });

  it('counts a body streamed without Content-Length: past the limit it is refused with 413', async () => {
    const response = await post(streamed(MAX_REQUEST_BODY_BYTES + (1 << 20)), {});
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0]).toMatchObject({ extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } });
  });
});
