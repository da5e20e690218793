import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSecret } from '../../src/config/secrets.js';
import { ErrorCodes } from '../../src/errors.js';

describe('secret references', () => {
  it('reads env: and file: references and never prints the value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-secret-'));
    try {
      writeFileSync(join(dir, 'pw'), 's3cret\n');
      const fromFile = resolveSecret(`file:${join(dir, 'pw')}`, 'notify.smtp.password');
      expect(fromFile.reveal()).toBe('s3cret');
      const fromEnv = resolveSecret('env:PW', 'k', { PW: 'hunter2' });
      expect(fromEnv.reveal()).toBe('hunter2');
      expect(JSON.stringify({ fromEnv, fromFile })).not.toMatch(/hunter2|s3cret/);
      expect(fromEnv.toString()).toBe('*** (env:PW)');
      expect(resolveSecret('inline-value', 'k').origin).toBe('inline');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the key when a reference cannot be resolved', () => {
    expect(() => resolveSecret('env:MISSING', 'notify.smtp.password', {})).toThrow(
      /notify\.smtp\.password: environment variable MISSING is not set/,
    );
    expect(() => resolveSecret('file:/nonexistent/pw', 'a.b')).toThrow(
      expect.objectContaining({
        code: ErrorCodes.secretUnresolved,
        message: expect.stringContaining('a.b: cannot read secret file /nonexistent/pw') as unknown,
      }),
    );
  });
});
