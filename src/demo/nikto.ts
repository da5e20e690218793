import type { Random } from './random.js';

/**
 * The requests of a Nikto run against the portal: ~900 distinct paths — known-vulnerable files,
 * backups, admin panels and random names to map the 404 behaviour — mostly 404, some 403, a few 200.
 */

export interface ScanRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly bytes: number;
}

const DIRECTORIES = (
  '/ /admin/ /administrator/ /backup/ /backups/ /bak/ /cgi-bin/ /config/ /db/ /debug/ /dev/ /docs/ ' +
  '/files/ /include/ /includes/ /install/ /lib/ /log/ /logs/ /manager/ /old/ /phpmyadmin/ /private/ ' +
  '/scripts/ /server/ /sql/ /temp/ /test/ /tmp/ /upload/ /uploads/ /user/ /web/ /webadmin/ /wp/ /www/'
).split(' ');

const FILES = (
  'index.php index.html admin.php login.php config.php config.inc.php config.bak config.old db.sql ' +
  'dump.sql backup.zip backup.tar.gz database.sql phpinfo.php info.php test.php shell.php cmd.php ' +
  'web.config .htaccess .htpasswd README.txt CHANGELOG.txt install.php setup.php upload.php'
).split(' ');

const FORBIDDEN = ['.htaccess', '.htpasswd', 'web.config'];
const EXTENSIONS = ['php', 'asp', 'aspx', 'jsp', 'cgi', 'pl', 'html', 'txt', 'bak', 'inc', 'sh', 'cfm'];
const FOUND: readonly ScanRequest[] = [
  { method: 'GET', path: '/', status: 200, bytes: 14523 },
  { method: 'GET', path: '/robots.txt', status: 200, bytes: 67 },
  { method: 'GET', path: '/favicon.ico', status: 200, bytes: 1150 },
  { method: 'GET', path: '/login', status: 200, bytes: 5171 },
  { method: 'GET', path: '/about', status: 200, bytes: 8390 },
  { method: 'OPTIONS', path: '/', status: 405, bytes: 157 },
  { method: 'GET', path: '/server-status', status: 403, bytes: 153 },
  { method: 'GET', path: '/.git/', status: 403, bytes: 153 },
];

function randomName(random: Random): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let name = '';
  for (let i = 0; i < 8; i++) name += letters.charAt(random.int(0, letters.length - 1));
  return name;
}

export function niktoPaths(random: Random): ScanRequest[] {
  const requests: ScanRequest[] = [...FOUND];
  const seen = new Set(requests.map((r) => r.path));
  const add = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const file = path.slice(path.lastIndexOf('/') + 1);
    const forbidden = FORBIDDEN.includes(file) || path.startsWith('/cgi-bin/');
    requests.push({ method: 'GET', path, status: forbidden ? 403 : 404, bytes: forbidden ? 153 : 4127 });
  };
  for (const directory of DIRECTORIES) {
    for (const file of random.sample(FILES, 18)) add(`${directory}${file}`);
  }
  // Random names: how the server answers for files that cannot exist.
  while (requests.length < 900) add(`/${randomName(random)}.${random.pick(EXTENSIONS)}`);
  // Nikto's order looks arbitrary from outside; keep `/` first like its first probe.
  const [first, ...rest] = requests;
  return first === undefined ? [] : [first, ...random.sample(rest, rest.length)];
}
