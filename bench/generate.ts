import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Random } from '../src/demo/random.js';

/** Deterministic: the same seed writes the same file on every machine. */
function random(seed: number): () => number {
  const generator = new Random(seed);
  return () => generator.next();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PATHS = [
  '/',
  '/login',
  '/jobs',
  '/jobs/1234',
  '/static/app.js',
  '/static/site.css',
  '/api/session',
  '/favicon.ico',
  '/jobs?q=nurse&page=2',
];
const STATUSES = [200, 200, 200, 200, 200, 200, 304, 302, 401, 404, 500];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'curl/8.5.0',
];
/** Attack traffic, as on a real server: a few percent of requests, from a few dozen addresses. */
const ATTACK_PATHS = ['/.env', '/wp-login.php', '/.git/config', "/jobs?q=1'%20OR%201=1--", '/login'];
const ATTACK_AGENT = 'sqlmap/1.8#stable (https://sqlmap.org)';
const ATTACK_SHARE = 0.03;
const USERS = ['root', 'admin', 'alice', 'bob', 'ubuntu', 'test', 'oracle', 'postgres'];

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function ip(next: () => number): string {
  return `${1 + Math.floor(next() * 223)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}`;
}

async function writeLines(path: string, lines: number, line: (i: number) => string): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let buffer = '';
  for (let i = 0; i < lines; i++) {
    buffer += line(i) + '\n';
    if (buffer.length > 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return bytes;
}

const START = Date.UTC(2026, 9, 1);

/** A combined access log, one request every ~100 ms of log time. */
export function writeCombinedLog(path: string, lines: number, seed = 1): Promise<number> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const pool = Array.from({ length: 5000 }, () => ip(next));
  const attackers = Array.from({ length: 40 }, () => ip(next));
  return writeLines(path, lines, (i) => {
    const d = new Date(START + i * 100);
    const ts = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()] ?? 'Jan'}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
    const method = next() < 0.85 ? 'GET' : 'POST';
    const attack = next() < ATTACK_SHARE;
    const client = attack ? pick(attackers) : pick(pool);
    const target = attack ? pick(ATTACK_PATHS) : pick(PATHS);
    const agent = attack && next() < 0.5 ? ATTACK_AGENT : pick(AGENTS);
    return `${client} - - [${ts}] "${method} ${target} HTTP/1.1" ${pick(STATUSES)} ${Math.floor(next() * 50000)} "https://jobs.example.org/" "${agent}"`;
  });
}

/** A Debian-style auth.log dominated by sshd brute-force noise from a few hundred addresses. */
export function writeAuthLog(path: string, lines: number, seed = 2): Promise<number> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const pool = Array.from({ length: 300 }, () => ip(next));
  return writeLines(path, lines, (i) => {
    const d = new Date(START + i * 200);
    const day = d.getUTCDate();
    const ts = `${MONTHS[d.getUTCMonth()] ?? 'Jan'} ${day < 10 ? ` ${day}` : day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    const pid = 1000 + Math.floor(next() * 60000);
    const from = `${pick(pool)} port ${1024 + Math.floor(next() * 60000)}`;
    const r = next();
    let message: string;
    if (r < 0.45) message = `Failed password for ${pick(USERS)} from ${from} ssh2`;
    else if (r < 0.6) message = `Invalid user ${pick(USERS)}x from ${from}`;
    else if (r < 0.75) message = `Connection closed by authenticating user ${pick(USERS)} ${from} [preauth]`;
    else if (r < 0.85)
      message = `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${pick(pool)}  user=${pick(USERS)}`;
    else if (r < 0.9)
      message = `Accepted publickey for alice from ${from} ssh2: ED25519 SHA256:4m8Qw1sTz0ZrA`;
    else if (r < 0.95) message = `Received disconnect from ${from}:11: Bye Bye [preauth]`;
    else message = `pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)`;
    return `${ts} web1 sshd[${pid}]: ${message}`;
  });
}
