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

describe('LoginClassifier.isLoginAttempt', () => {
  it('knows a login path in any case, with or without a query', () => {
    for (const path of [
      '/login',
      '/LOGIN',
      '/Login?next=/jobs',
      '/wp-login.php',
      '/WP-LOGIN.PHP?x=1',
      '/anmeldung/übersicht',
      '/ANMELDUNG/ÜBERSICHT',
    ]) {
      expect(classifier.isLoginAttempt(post(path)), path).toBe(true);
    }
  });

  it('rules out paths of the same length or the same last letter', () => {
    for (const path of [
      '/logim',
      '/logins',
      '/login/',
      '/api/session',
      '/static/app.js',
      '',
      '?',
      '/jobs?q=login',
    ]) {
      expect(classifier.isLoginAttempt(post(path)), path).toBe(false);
    }
  });

  it('needs a login method', () => {
    expect(classifier.isLoginAttempt({ ...post('/login'), method: 'GET' })).toBe(false);
  });
});
