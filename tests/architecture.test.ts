import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The import rules of DESIGN.md, checked on the source so a shortcut cannot slip in unseen. */
const SRC = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file, as a path under src/ (`detect/strings.ts`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const target = resolve(dirname(file), match[1] ?? '').replace(/\.js$/, '.ts');
    found.push(relative(SRC, target));
  }
  return found;
}

function violations(folder: string, allowed: (target: string) => boolean): string[] {
  return sourceFiles(join(SRC, folder)).flatMap((file) =>
    importsOf(file)
      .filter((target) => !allowed(target))
      .map((target) => `${relative(SRC, file)} imports ${target}`),
  );
}

describe('module boundaries (DESIGN.md)', () => {
  it('detect imports nothing but events.ts and its own folder', () => {
    expect(violations('detect', (t) => t === 'events.ts' || t.startsWith('detect/'))).toEqual([]);
  });

  it('parse never imports detect', () => {
    expect(violations('parse', (t) => !t.startsWith('detect/'))).toEqual([]);
  });

  it('no module imports src/cli', () => {
    const outside = sourceFiles(SRC).filter((file) => !relative(SRC, file).startsWith('cli/'));
    const offenders = outside.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('cli/'))
        .map((target) => `${relative(SRC, file)} imports ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('finds the imports it checks', () => {
    // Guards the checks above against a pattern that silently matches nothing.
    expect(importsOf(join(SRC, 'detect', 'engine.ts'))).toContain('events.ts');
  });
});
