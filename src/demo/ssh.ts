import { SATURDAY, SECOND } from './clock.js';
import { HOST_NAMES, type Activity, type AuthLog, type DemoContext, type TimeRange } from './context.js';
import { randomFor, type Random } from './random.js';
import { KNOWN_ADDRESSES } from './site.js';

/**
 * Normal auth-log traffic of one day: staff and the CI `deploy` user logging in with keys, staff
 * sudo, hourly cron, and the internet's background SSH noise (a few tries per address, below any
 * sane threshold). Also the SSH connection model the attacks reuse.
 */

/** Local accounts of both servers. */
export const ACCOUNTS = {
  alice: { uid: 1000, address: KNOWN_ADDRESSES.alice },
  deploy: { uid: 1001, address: KNOWN_ADDRESSES.ci },
  bob: { uid: 1002, address: KNOWN_ADDRESSES.bob },
} as const;
type Account = keyof typeof ACCOUNTS;

const LOGIND_PID = { web1: 612, web2: 587 } as const;
const STAFF_COMMANDS = [
  '/usr/bin/systemctl restart nginx',
  '/usr/bin/systemctl reload nginx',
  '/usr/bin/systemctl status nginx',
  '/usr/bin/apt-get update',
  '/usr/bin/apt-get -y upgrade',
  '/usr/bin/journalctl -u nginx --since today',
  '/usr/bin/tail -n 200 /var/log/nginx/error.log',
  '/usr/sbin/nginx -t',
] as const;
const NOISE_USERS = [
  'admin',
  'user',
  'test',
  'oracle',
  'ubuntu',
  'guest',
  'pi',
  'ftpuser',
  'postgres',
  'git',
];
/** First octets of background SSH noise (disjoint from every other group of addresses). */
const NOISE_OCTETS = [43, 49, 61, 118, 119, 120, 121, 180, 183, 202, 211, 221] as const;

/** One SSH connection: a pid, a client port and a clock; every line goes through `say`. */
export class SshConnection {
  /** Client source port (Linux ephemeral range). */
  readonly port: number;
  /** sshd process of this connection. */
  readonly pid: number;

  constructor(
    readonly log: AuthLog,
    private readonly random: Random,
    readonly ip: string,
    public t: number,
    readonly range?: TimeRange,
  ) {
    this.port = random.int(32768, 60999);
    this.pid = log.pidAt(t, random.int(0, 2));
  }

  wait(minSeconds: number, maxSeconds: number): this {
    this.t += Math.round(this.random.between(minSeconds, maxSeconds) * SECOND);
    return this;
  }

  /** A line of this connection's sshd process. */
  say(message: string): this {
    return this.sayAs(this.log.sshd, this.pid, message);
  }

  /** A line of another program at this connection's time (`pid` undefined: a tag without `[pid]`, like sudo's). */
  sayAs(program: string, pid: number | undefined, message: string): this {
    const shown = this.log.line(this.t, program, pid, message);
    this.range?.hit(shown);
    return this;
  }

  /** `user` prefixed the way sshd names it in preauth messages. */
  who(user: string, valid: boolean): string {
    return `${valid ? 'authenticating user' : 'invalid user'} ${user}`;
  }

  invalidUser(user: string): this {
    return this.say(`Invalid user ${user} from ${this.ip} port ${this.port}`);
  }

  pamFailure(user: string, valid: boolean): this {
    const base = `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${this.ip}`;
    if (!valid) this.say('pam_unix(sshd:auth): check pass; user unknown');
    return this.say(valid ? `${base}  user=${user}` : base);
  }

  failedPassword(user: string, valid: boolean): this {
    return this.say(this.failedPasswordText(user, valid));
  }

  failedPasswordText(user: string, valid: boolean): string {
    return `Failed password for ${valid ? '' : 'invalid user '}${user} from ${this.ip} port ${this.port} ssh2`;
  }

  closedPreauth(user?: string, valid = true): this {
    const who = user === undefined ? '' : `${this.who(user, valid)} `;
    return this.say(`Connection closed by ${who}${this.ip} port ${this.port} [preauth]`);
  }

  byeByePreauth(user: string, valid: boolean): this {
    this.say(`Received disconnect from ${this.ip} port ${this.port}:11: Bye Bye [preauth]`);
    return this.say(`Disconnected from ${this.who(user, valid)} ${this.ip} port ${this.port} [preauth]`);
  }

  /** An interactive session after a successful login: session, logind, optional commands, logout. */
  session(user: Account, accepted: string, minutes: number, during?: (c: SshConnection) => void): this {
    const { uid } = ACCOUNTS[user];
    const logind = LOGIND_PID[this.log.host];
    const number = this.log.nextSession();
    this.say(`Accepted ${accepted}`);
    this.say(`pam_unix(sshd:session): session opened for user ${user}(uid=${uid}) by (uid=0)`);
    this.t += this.random.int(20, 120);
    this.sayAs('systemd-logind', logind, `New session ${number} of user ${user}.`);
    const end = this.t + Math.round(minutes * 60 * SECOND);
    during?.(this);
    this.t = Math.max(this.t, end);
    this.say(`Received disconnect from ${this.ip} port ${this.port}:11: disconnected by user`);
    this.say(`Disconnected from user ${user} ${this.ip} port ${this.port}`);
    this.say(`pam_unix(sshd:session): session closed for user ${user}`);
    this.t += this.random.int(5, 60);
    this.sayAs('systemd-logind', logind, `Session ${number} logged out. Waiting for processes to exit.`);
    this.sayAs('systemd-logind', logind, `Removed session ${number}.`);
    return this;
  }
}

/** SHA256 fingerprint of a staff key: the same for every login of that user. */
function fingerprint(seed: number, user: Account): string {
  return `ED25519 SHA256:${randomFor(seed, 'key', user).base64(43)}`;
}

/** The day's auth-log traffic of each host, as one activity starting at midnight. */
export function planSshDay(ctx: DemoContext, day: number): Activity[] {
  const weekday = ctx.calendar.weekday(day);
  const dayStart = ctx.calendar.dayStarts[day] ?? 0;
  return HOST_NAMES.map((host) => ({
    start: dayStart,
    run: () => {
      const log = ctx.hosts[host].auth;
      const random = randomFor(ctx.seed, 'ssh', host, day);
      cron(ctx, log, day, random);
      if (weekday < SATURDAY) staffLogins(ctx, log, day, random);
      backgroundNoise(ctx, log, day, random);
    },
  }));
}

function cron(ctx: DemoContext, log: AuthLog, day: number, random: Random): void {
  const job = (at: number, seconds: number): void => {
    const t = at + random.int(0, 40);
    const pid = log.pidAt(t, random.int(0, 2));
    log.line(t, 'CRON', pid, 'pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)');
    log.line(
      t + seconds * SECOND + random.int(1, 30),
      'CRON',
      pid,
      'pam_unix(cron:session): session closed for user root',
    );
  };
  for (let hour = 0; hour < 24; hour++) job(ctx.calendar.at(day, hour, 17, 1), 0);
  job(ctx.calendar.at(day, 6, 25, 1), random.int(2, 40));
}

function staffLogins(ctx: DemoContext, log: AuthLog, day: number, random: Random): void {
  const logins: { user: Account; start: number }[] = [];
  for (const user of ['alice', 'bob'] as const) {
    const count = random.int(0, 2);
    for (let i = 0; i < count; i++)
      logins.push({ user, start: ctx.calendar.at(day, random.between(8.5, 17.5)) });
  }
  // Deploys reach both servers at the same hour (web2 about a minute after web1).
  const deploys = randomFor(ctx.seed, 'deploys', day);
  const deployCount = deploys.int(1, 3);
  for (let i = 0; i < deployCount; i++) {
    const start = ctx.calendar.at(day, deploys.between(10, 17));
    logins.push({ user: 'deploy', start: start + (log.host === 'web2' ? random.int(50, 80) * SECOND : 0) });
  }
  logins.sort((a, b) => a.start - b.start);
  for (const { user, start } of logins) {
    const c = new SshConnection(log, random, ACCOUNTS[user].address, start);
    const accepted = `publickey for ${user} from ${c.ip} port ${c.port} ssh2: ${fingerprint(ctx.seed, user)}`;
    if (user === 'deploy') {
      c.session(user, accepted, random.between(0.3, 1.5));
      continue;
    }
    c.session(user, accepted, random.between(5, 90), (s) => {
      if (!random.chance(0.5)) return;
      const commands = random.int(1, 2);
      for (let i = 0; i < commands; i++) {
        s.wait(30, 300);
        const command = random.pick(STAFF_COMMANDS);
        s.sayAs(
          'sudo',
          undefined,
          `   ${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=${command}`,
        );
        s.sayAs(
          'sudo',
          undefined,
          `pam_unix(sudo:session): session opened for user root(uid=0) by ${user}(uid=${ACCOUNTS[user].uid})`,
        );
        s.wait(1, 20).sayAs('sudo', undefined, 'pam_unix(sudo:session): session closed for user root');
      }
    });
  }
}

/** 5–15 addresses a day, each trying 1–4 times: what any server on the internet sees. */
function backgroundNoise(ctx: DemoContext, log: AuthLog, day: number, random: Random): void {
  const sources = random.int(5, 15);
  for (let i = 0; i < sources; i++) {
    const ip = `${random.pick(NOISE_OCTETS)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
    let t = ctx.calendar.at(day, random.between(0, 24));
    const tries = random.int(1, 4);
    for (let j = 0; j < tries; j++) {
      const c = new SshConnection(log, random, ip, t);
      const kind = random.next();
      if (kind < 0.35) {
        c.pamFailure('root', true).wait(1, 3).failedPassword('root', true).wait(0, 2);
        if (random.chance(0.5)) c.closedPreauth('root');
        else c.byeByePreauth('root', true);
      } else if (kind < 0.65) {
        const user = random.pick(NOISE_USERS);
        c.invalidUser(user);
        if (random.chance(0.6)) {
          c.wait(0, 1).pamFailure(user, false).wait(1, 3).failedPassword(user, false).wait(0, 2);
          c.byeByePreauth(user, false);
        } else {
          c.wait(0, 2).closedPreauth(user, false);
        }
      } else if (kind < 0.85) {
        c.closedPreauth();
      } else {
        c.say(`banner exchange: Connection from ${ip} port ${c.port}: invalid format`);
      }
      t = c.t + random.int(2, 60) * SECOND;
    }
  }
}
