import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { DetectionEngine } from '../../src/detect/engine.js';
import type { Event } from '../../src/events.js';
import { buildRules, detectOptions } from '../../src/pipeline/detection.js';
import { seededRandom } from '../helpers/fixtures.js';

const config = resolveConfig({ timezone: 'UTC' }, undefined, process.cwd());
const PEAK_START = Date.UTC(2026, 10, 26, 7, 30); // a Thursday, 08:30 in Berlin

function request(ts: number, ip: string, method: string, path: string, status: number): Event {
  return {
    ts,
    host: 'web1',
    source: 'access',
    kind: 'http.request',
    ip,
    method,
    path,
    status,
    ua: 'Mozilla/5.0',
  };
}

/**
 * 600 members log in over a morning, most around 09:00–10:30; 6% mistype 1–3 times first; 75 of
 * them share three carrier-NAT addresses. Each visit also loads pages.
 */
function thursdayPeak(seed: number): Event[] {
  const random = seededRandom(seed);
  const nat = ['100.64.1.1', '100.64.2.2', '100.64.3.3'];
  const events: Event[] = [];
  for (let member = 0; member < 600; member++) {
    const ip =
      member < 75
        ? (nat[member % 3] ?? '')
        : `84.${String(10 + (member % 200))}.${String(member % 250)}.${String(1 + (member % 7))}`;
    // Triangular distribution around 09:45 over 5 hours.
    let t = PEAK_START + ((random() + random()) / 2) * 5 * 3_600_000;
    events.push(request(t, ip, 'GET', '/login', 200));
    if (random() < 0.06) {
      const typos = 1 + Math.floor(random() * 3);
      for (let i = 0; i < typos; i++) {
        t += 5_000 + random() * 40_000;
        events.push(request(t, ip, 'POST', '/login', 401));
      }
    }
    t += 5_000 + random() * 20_000;
    events.push(request(t, ip, 'POST', '/login', 302));
    events.push(request(t + 1_000, ip, 'GET', '/dashboard', 200));
    for (let page = 0; page < 6; page++) {
      t += 3_000 + random() * 60_000;
      events.push(
        request(
          t,
          ip,
          'GET',
          page % 3 === 0 ? '/jobs?q=nurse' : `/jobs/${String(1000 + Math.floor(random() * 500))}`,
          random() < 0.01 ? 404 : 200,
        ),
      );
    }
  }
  return events;
}

/** 60 addresses from many networks, 3–5 failed logins each, one every 20–90 s, 09:15–09:55. */
function stuffing(seed: number): Event[] {
  const random = seededRandom(seed);
  const events: Event[] = [];
  for (let a = 0; a < 60; a++) {
    const ip = `${String(31 + a)}.${String(7 + a * 3)}.${String(a * 4)}.${String(9 + a)}`;
    let t = Date.UTC(2026, 10, 26, 8, 15) + random() * 30 * 60_000;
    const attempts = 3 + Math.floor(random() * 3);
    for (let i = 0; i < attempts; i++) {
      events.push(request(t, ip, 'POST', '/login', 401));
      t += 20_000 + random() * 70_000;
    }
  }
  return events;
}

function detect(events: Event[]): ReturnType<DetectionEngine['finish']> {
  const engine = new DetectionEngine(buildRules(config), detectOptions(config, []));
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) engine.push(event);
  return engine.finish();
}

describe('a Thursday login peak', () => {
  it.each([1, 2, 3])('raises nothing on its own (seed %i)', (seed) => {
    const events = thursdayPeak(seed);
    expect(events.filter((e) => e.status === 401).length).toBeGreaterThan(20);
    expect(detect(events)).toEqual([]);
  });

  it('does not hide credential stuffing inside it, and the alert is about the attackers only', () => {
    const attack = stuffing(7);
    const alerts = detect([...thursdayPeak(1), ...attack]);
    expect(alerts.map((a) => a.rule)).toEqual(['web-credential-stuffing']);
    const attackers = new Set(attack.map((e) => e.ip));
    const alert = alerts[0];
    expect(alert?.source_ips.every((ip) => attackers.has(ip))).toBe(true);
    expect(alert?.source_ip_count).toBeGreaterThanOrEqual(40);
    expect(alert?.severity).toBe('high');
  });
});
