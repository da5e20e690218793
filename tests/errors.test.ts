import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, WarningCodes } from '../src/errors.js';

describe('error codes', () => {
  it('documents every error and warning code in docs/errors.md', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    for (const code of [...Object.values(ErrorCodes), ...Object.values(WarningCodes)]) {
      expect(doc, code).toContain(`### ${code}\n`);
    }
  });
});
