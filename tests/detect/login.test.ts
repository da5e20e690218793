import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_PATHS } from '../../src/config/load.js';
import { LoginClassifier } from '../../src/detect/login.js';
import type { Event } from '../../src/events.js';

const classifier = new LoginClassifier({
  paths: [...DEFAULT_LOGIN_PATHS, '/Anmeldung/Übersicht'],
  methods: ['POST'],
  failureStatus: [401],
  successStatus: [302],
  failureRedirect: undefined,
});

function post(path: string): Event {
  return {
    ts: 0,
    host: 'web1',
    source: 'access',
    kind: 'http.request',
    ip: '203.0.113.5',
    method: 'POST',
    path,
    status: 401,
  };
}

const LOGIN_PATHS = [
  '/login',
  '/LOGIN',
  '/Login?next=/jobs',
  '/wp-login.php',
  '/WP-LOGIN.PHP?x=1',
  '/anmeldung/übersicht',
  '/ANMELDUNG/ÜBERSICHT',
];
/** The same length or the same last letter as a login path, or one in the query only. */
const NEAR_MISSES = [
  '/logim',
  '/logins',
  '/login/',
  '/api/session',
  '/static/app.js',
  '',
  '?',
  '/jobs?q=login',
];

describe('LoginClassifier.isLoginAttempt', () => {
  it.each([
    ...LOGIN_PATHS.map((path) => [path, true] as const),
    ...NEAR_MISSES.map((path) => [path, false] as const),
  ])('%j is a login path: %s', (path, expected) => {
    expect(classifier.isLoginAttempt(post(path))).toBe(expected);
  });

  it('needs a login method', () => {
    expect(classifier.isLoginAttempt({ ...post('/login'), method: 'GET' })).toBe(false);
  });
});
