import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandChannel, type CommandChannelOptions } from '../../src/notify/channels/command.js';
import { sampleAlert, sampleMessage } from '../notify/sample.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-command-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A shell script in the temp folder, executable unless told otherwise. */
function script(name: string, body: string, mode = 0o755): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

function channel(command: readonly string[], overrides: Partial<CommandChannelOptions> = {}): CommandChannel {
  return new CommandChannel({ name: 'hook', command, timeoutMs: 5000, ...overrides });
}

/** Whether a process has ended (gone, or a zombie nobody reaped yet). */
function ended(pid: number): boolean {
  try {
    return (
      readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
        .split(') ')[1]
        ?.startsWith('Z') ?? true
    );
  } catch {
    return true;
  }
}

describe('command channel running a real program', () => {
  it('writes the alerts as JSON lines to stdin and sets the environment', async () => {
    const record = script(
      'record.sh',
      'cat > "$1"\nenv | grep "^LOGWARDEN_" | sort > "$1.env"\nprintf "%s" "$2" > "$1.arg"',
    );
    const out = join(dir, 'record.out');
    const first = sampleAlert({ source_ips: ['203.0.113.9\nEVIL=1', '198.51.100.7'] });
    const second = sampleAlert({ id: 'b2', rule: 'web-scan' });
    await channel([record, out, '$(touch pwned) `id`']).send(sampleMessage({ alerts: [first, second] }));

    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((line) => JSON.parse(line) as unknown)).toEqual([first, second]);
    expect(readFileSync(`${out}.env`, 'utf8')).toBe(
      [
        'LOGWARDEN_MESSAGE_KIND=opened',
        'LOGWARDEN_RULE=ssh-brute-force',
        'LOGWARDEN_SEVERITY=high',
        'LOGWARDEN_SOURCE_IP=203.0.113.9 EVIL=1',
        '',
      ].join('\n'),
    );
    // No shell: an argument is passed as written, never run.
    expect(readFileSync(`${out}.arg`, 'utf8')).toBe('$(touch pwned) `id`');
  });

  it('tells a test message apart', async () => {
    const record = script('record-test.sh', 'cat > "$1"');
    const out = join(dir, 'test.out');
    await channel([record, out]).send(
      sampleMessage({ kind: 'test', subject: 'Test from logwarden', alerts: [] }),
    );
    expect(readFileSync(out, 'utf8')).toBe('{"test":true,"subject":"Test from logwarden"}\n');
  });

  it('names the exit code and what the program said on stderr', async () => {
    const failing = script('fail.sh', 'cat > /dev/null\necho "ticket API said: 503" >&2\nexit 3');
    await expect(channel([failing]).send(sampleMessage())).rejects.toMatchObject({
      reason: `command ${failing} failed with exit code 3: ticket API said: 503`,
    });
  });

  it('stops a program that runs past the timeout, with what it started', async () => {
    const slow = script('slow.sh', 'sleep 10 &\necho $! > "$1"\nwait');
    const pidFile = join(dir, 'slow.pid');
    const started = Date.now();
    await expect(channel([slow, pidFile], { timeoutMs: 300 }).send(sampleMessage())).rejects.toMatchObject({
      reason: `command ${slow} timed out after 0.3 s`,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    await expect.poll(() => ended(sleeper), { timeout: 1000 }).toBe(true);
  });

  it('succeeds when the program does not read its input', async () => {
    const deaf = script('deaf.sh', 'exit 0');
    const alerts = Array.from({ length: 300 }, (_, i) =>
      sampleAlert({ id: String(i), evidence: ['x'.repeat(1000)] }),
    );
    await channel([deaf]).send(sampleMessage({ alerts }));
  });

  it('says when the program is missing or cannot be run', async () => {
    const missing = join(dir, 'nope.sh');
    await expect(channel([missing]).send(sampleMessage())).rejects.toMatchObject({
      reason: `command not found: ${missing}`,
    });
    const locked = script('locked.sh', 'exit 0', 0o644);
    await expect(channel([locked]).send(sampleMessage())).rejects.toMatchObject({
      reason: expect.stringMatching(`^command not executable: ${locked}`) as unknown,
    });
  });

  it('lets a running program finish before close() returns', async () => {
    const out = join(dir, 'close.out');
    const late = script('late.sh', 'sleep 0.2\ncat > "$1"');
    const hook = channel([late, out]);
    const sending = hook.send(sampleMessage());
    await hook.close();
    expect(readFileSync(out, 'utf8')).toContain('"ssh-brute-force"');
    await sending;
  });
});
