// The lanes' specs (direct-lane, rest-lane) compare an answer from the lanes' listener with the one
// yoga gives for the same request: the caller must not be able to tell which answered.
import type { IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import type { NodeAnswer } from './node-http.js';

// Per connection or per request, not per answer: the rest must be equal.
const PER_REQUEST = new Set(['date', 'connection', 'keep-alive', 'x-request-id', 'x-ratelimit-remaining', 'x-ratelimit-used', 'x-ratelimit-reset']);
const comparable = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_REQUEST.has(name)).sort());
// A budget one request emptier is the one difference a body may show.
const comparableText = (text: string) => text.replace(/"currentlyAvailable":[\d.]+/g, '"currentlyAvailable":0');

/** The same status, body and headers (their names all, their values but the per-request ones). */
export function expectSameNodeAnswer(fromLane: NodeAnswer, fromYoga: NodeAnswer, label?: string) {
  expect(fromLane.status, label).toBe(fromYoga.status);
  expect(comparableText(fromLane.text), label).toBe(comparableText(fromYoga.text));
  expect(comparable(fromLane.headers), label).toEqual(comparable(fromYoga.headers));
  expect(Object.keys(fromLane.headers).sort(), label).toEqual(Object.keys(fromYoga.headers).sort());
}
