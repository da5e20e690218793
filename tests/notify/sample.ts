import type { Alert } from '../../src/detect/types.js';
import type { Message } from '../../src/notify/types.js';

/** An alert as the engine writes it, with the untrusted parts an attacker controls. */
export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: '3f9a1c2b7d4e5f60',
    rule: 'ssh-brute-force',
    category: 'brute-force',
    severity: 'high',
    first_seen: '2026-11-19T03:12:00.000Z',
    last_seen: '2026-11-19T03:29:00.000Z',
    count: 212,
    source_ips: ['185.220.101.47'],
    source_ip_count: 1,
    hosts: ['web1'],
    users: ['root', 'admin'],
    message: '212 failed SSH logins from 185.220.101.47 on web1 in 17 min',
    evidence: [
      'Nov 19 04:12:00 web1 sshd[812]: Failed password for root from 185.220.101.47 port 50122 ssh2',
    ],
    action: 'Block the address: `sudo nft add element inet filter blocklist { 185.220.101.47 }`',
    mitre: 'T1110.001 Brute Force: Password Guessing',
    ...overrides,
  };
}

/** A message as the notifier hands it to a channel. */
export function sampleMessage(overrides: Partial<Message> = {}): Message {
  const alert = sampleAlert();
  return {
    id: `${alert.id}-opened-high`,
    kind: 'opened',
    severity: 'high',
    subject: `[logwarden] HIGH brute-force on web1: ${alert.message}`,
    text: `${alert.message}\n\nNext step: ${alert.action}\n`,
    html: `<p>${alert.message}</p>`,
    alerts: [alert],
    createdAt: '2026-11-19T03:30:00.000Z',
    ...overrides,
  };
}
