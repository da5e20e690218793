import { MINUTE, SECOND } from './clock.js';
import { TimeRange, type DemoContext } from './context.js';
import type { Random } from './random.js';
import { ACCOUNTS, SshConnection } from './ssh.js';
import type { PlannedAttack } from './attacks.js';

/** The SSH attacks of the demo month. Each returns its manifest entries. */

export const SSH_ATTACKERS = {
  bruteForce: '185.220.101.47',
  prefixNetwork: '45.155.205',
  slowBruteForce: '193.32.162.58',
  spraying: '141.98.11.112',
  deployCompromise: '195.178.110.24',
} as const;

/** ~300 failed passwords in ~20 minutes from one address, in connections of 3–6 tries. */
export function sshBruteForce(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const log = ctx.hosts.web1.auth;
  const ip = SSH_ATTACKERS.bruteForce;
  const range = new TimeRange();
  let t = ctx.calendar.at(day, 4, 12, 7);
  let failures = 0;
  while (failures < 300) {
    const user = random.weighted(['root', 'admin', 'ubuntu', 'test'], [6, 2, 1, 1]);
    const valid = user === 'root';
    const c = new SshConnection(log, random, ip, t, range);
    if (!valid) c.invalidUser(user).wait(0, 1);
    const attempts = random.int(3, 6);
    c.pamFailure(user, valid).wait(0.5, 2).failedPassword(user, valid);
    let done = 1;
    while (done < attempts) {
      if (attempts - done >= 3 && random.chance(0.3)) {
        // rsyslog folds identical consecutive messages of one connection into one line.
        c.wait(6, 10).say(`message repeated 3 times: [ ${c.failedPasswordText(user, valid)}]`);
        done += 3;
      } else {
        c.wait(2, 4).failedPassword(user, valid);
        done++;
      }
    }
    failures += attempts;
    c.wait(0.5, 2);
    if (attempts === 6) {
      const target = `${valid ? '' : 'invalid user '}${user}`;
      c.say(
        `error: maximum authentication attempts exceeded for ${target} from ${ip} port ${c.port} ssh2 [preauth]`,
      );
      c.say(
        `Disconnecting ${c.who(user, valid)} ${ip} port ${c.port}: Too many authentication failures [preauth]`,
      );
      const pamUser = valid ? `  user=${user}` : '';
      c.say(`PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}${pamUser}`);
    } else {
      c.closedPreauth(user, valid);
    }
    t += random.int(10, 20) * SECOND;
  }
  return [
    {
      id: 'ssh-brute-force',
      description: `SSH password brute force on web1: ~${failures} failed logins for root, admin, ubuntu and test from one address in about 20 minutes`,
      rules: ['ssh-brute-force'],
      hosts: ['web1'],
      sourceIps: [ip],
      range,
    },
  ];
}

/** 24 addresses of one /24, each staying under a per-address threshold: 4–6 failures in 30 minutes. */
export function sshPrefixBruteForce(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const log = ctx.hosts.web2.auth;
  const range = new TimeRange();
  const start = ctx.calendar.at(day, 14, 0, 26);
  const hosts = random
    .sample(
      Array.from({ length: 250 }, (_, i) => i + 3),
      24,
    )
    .sort((a, b) => a - b);
  const ips = hosts.map((h) => `${SSH_ATTACKERS.prefixNetwork}.${h}`);
  for (const ip of ips) {
    let t = start + random.int(0, 24 * 60) * SECOND;
    let left = random.int(4, 6);
    while (left > 0) {
      const tries = Math.min(left, random.int(2, 3));
      const user = random.chance(0.7) ? 'root' : 'admin';
      const valid = user === 'root';
      const c = new SshConnection(log, random, ip, t, range);
      if (!valid) c.invalidUser(user).wait(0, 1);
      c.pamFailure(user, valid);
      for (let i = 0; i < tries; i++) c.wait(2, 4).failedPassword(user, valid);
      c.wait(0.5, 2).closedPreauth(user, valid);
      left -= tries;
      t = c.t + random.int(30, 150) * SECOND;
    }
  }
  return [
    {
      id: 'ssh-brute-force-prefix',
      description: `Distributed SSH brute force on web2 from 24 addresses of ${SSH_ATTACKERS.prefixNetwork}.0/24, each below a per-address threshold (4–6 failures in 30 minutes)`,
      rules: ['ssh-brute-force-prefix'],
      hosts: ['web2'],
      sourceIps: ips,
      range,
    },
  ];
}

/** One failed root login every 5–9 minutes for 10 hours, alternating between the servers. */
export function sshSlowBruteForce(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const ip = SSH_ATTACKERS.slowBruteForce;
  const range = new TimeRange();
  const start = ctx.calendar.at(day, 9, 3, 13);
  const end = start + 10 * 60 * MINUTE;
  let onWeb1 = true;
  for (let t = start; t < end; t += random.int(5 * 60, 9 * 60) * SECOND) {
    const c = new SshConnection((onWeb1 ? ctx.hosts.web1 : ctx.hosts.web2).auth, random, ip, t, range);
    c.pamFailure('root', true).wait(1, 3).failedPassword('root', true).wait(0.5, 2).closedPreauth('root');
    onWeb1 = !onWeb1;
  }
  return [
    {
      id: 'ssh-slow-brute-force',
      description:
        'Slow SSH brute force: one failed root login every 5–9 minutes for 10 hours, alternating between web1 and web2',
      rules: ['ssh-slow-brute-force'],
      hosts: ['web1', 'web2'],
      sourceIps: [ip],
      range,
    },
  ];
}

const SPRAY_INVALID_USERS = (
  'admin test user ubuntu oracle postgres git ftpuser guest support jenkins hadoop minecraft pi tomcat ' +
  'mysql nagios ansible vagrant dev devops web webmaster info office sales hr jobs mail ec2-user centos ' +
  'debian administrator sysadmin operator docker elastic steam teamspeak apache odoo'
).split(' ');
const SPRAY_VALID_USERS = ['root', 'alice', 'bob', 'deploy'];

/** 45 user names tried once or twice each from one address over an hour: password spraying. */
export function sshPasswordSpraying(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const log = ctx.hosts.web1.auth;
  const ip = SSH_ATTACKERS.spraying;
  const range = new TimeRange();
  const users = [...SPRAY_INVALID_USERS, ...SPRAY_VALID_USERS];
  const once = users.flatMap((u) => (random.chance(0.3) ? [u, u] : [u]));
  const attempts = random.sample(once, once.length);
  let t = ctx.calendar.at(day, 2, 30, 41);
  const gap = (60 * 60) / attempts.length;
  for (const user of attempts) {
    const valid = SPRAY_VALID_USERS.includes(user);
    const c = new SshConnection(log, random, ip, t, range);
    if (!valid) c.invalidUser(user).wait(0, 1);
    c.pamFailure(user, valid).wait(1, 3).failedPassword(user, valid).wait(0, 2).byeByePreauth(user, valid);
    t += Math.round(random.between(gap * 0.6, gap * 1.4) * SECOND);
  }
  return [
    {
      id: 'ssh-password-spraying',
      description: `SSH password spraying on web1: ${users.length} different user names (most of them not existing) tried once or twice each over an hour`,
      rules: ['ssh-password-spraying', 'ssh-invalid-user-probing'],
      hosts: ['web1'],
      sourceIps: [ip],
      range,
    },
  ];
}

/** 30 failed passwords for `deploy`, then one that works, then failed attempts to become root. */
export function sshDeployCompromise(ctx: DemoContext, day: number, random: Random): PlannedAttack[] {
  const log = ctx.hosts.web2.auth;
  const ip = SSH_ATTACKERS.deployCompromise;
  const range = new TimeRange();
  const sudoRange = new TimeRange();
  let t = ctx.calendar.at(day, 22, 10, 33);
  for (let connection = 0; connection < 6; connection++) {
    const c = new SshConnection(log, random, ip, t, range);
    c.pamFailure('deploy', true);
    for (let i = 0; i < 5; i++) c.wait(2, 4).failedPassword('deploy', true);
    c.wait(0.5, 2).closedPreauth('deploy');
    t = c.t + random.int(60, 80) * SECOND;
  }
  const { uid } = ACCOUNTS.deploy;
  const c = new SshConnection(log, random, ip, t, range);
  const sudo = (message: string): void => {
    sudoRange.hit(range.hit(log.line(c.t, 'sudo', undefined, message)));
  };
  const tail = 'TTY=pts/1 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash';
  c.session('deploy', `password for deploy from ${ip} port ${c.port} ssh2`, random.between(4, 9), (s) => {
    s.wait(15, 40);
    sudo(`  deploy : user NOT in sudoers ; ${tail}`);
    s.wait(8, 20);
    for (let i = 0; i < 3; i++) {
      s.wait(3, 8);
      sudo(
        `pam_unix(sudo:auth): authentication failure; logname=deploy uid=${uid} euid=0 tty=/dev/pts/1 ruser=deploy rhost=  user=deploy`,
      );
    }
    s.wait(0.1, 0.5);
    sudo(`  deploy : 3 incorrect password attempts ; ${tail}`);
  });
  return [
    {
      id: 'ssh-deploy-compromise',
      description:
        'SSH compromise on web2: 30 failed passwords for deploy in 10 minutes, then "Accepted password for deploy" from the same address and an interactive session',
      rules: ['ssh-success-after-failures'],
      hosts: ['web2'],
      sourceIps: [ip],
      range,
    },
    {
      id: 'sudo-failure-deploy',
      description:
        'On web2, right after the compromise, deploy tries sudo to root: "user NOT in sudoers", then 3 incorrect password attempts',
      rules: ['sudo-failure'],
      hosts: ['web2'],
      sourceIps: [],
      range: sudoRange,
    },
  ];
}
