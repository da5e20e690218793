import { seededRandom } from '../../helpers/fixtures.js';

const PIECES = [
  '%',
  '%2',
  '%25',
  '%252e',
  '%27',
  '%3C',
  '%c0%ae',
  '%e2%82',
  '%ff',
  '%u0027',
  '%uD800',
  '%u',
  '&#',
  '&#x27;',
  '&#99999999;',
  '&lt;',
  '+',
  '../',
  '..\\',
  '${',
  '${::-',
  '${lower:',
  '}',
  '{{',
  '}}',
  '() {',
  "'",
  '"',
  ';',
  '|',
  '`',
  '$(',
  '/*',
  '*/',
  '<script',
  'union select ',
  ' or 1=1',
  '/etc/passwd',
  '://',
  '?',
  '/',
  '.',
  'é',
  '\ud83d\ude80',
  '\ud800',
  '\u0000',
];

/**
 * Random strings for fuzz tests: printable and control ASCII, random unicode (lone surrogates
 * included), valid and broken percent escapes and pieces of payloads. Deterministic per seed.
 */
export function fuzzStrings(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = i % 3 === 0 ? '/' : '';
    const parts = pick(40);
    for (let j = 0; j < parts; j++) {
      switch (pick(4)) {
        case 0:
          s += String.fromCharCode(pick(128));
          break;
        case 1:
          s += String.fromCharCode(pick(0x10000));
          break;
        case 2:
          s += `%${pick(256).toString(16).padStart(2, '0')}`;
          break;
        default:
          s += PIECES[pick(PIECES.length)] ?? '';
      }
    }
    out.push(s);
  }
  return out;
}

/** Long repetitive inputs, the shape that makes a backtracking regex take forever. */
export const PATHOLOGICAL: readonly string[] = [
  "'".repeat(5000),
  `'${' '.repeat(5000)}`,
  '../'.repeat(3000),
  '.'.repeat(10000),
  `/${'a'.repeat(10000)}`,
  '${'.repeat(3000),
  '${::-'.repeat(2000),
  '${lower:'.repeat(2000) + '}'.repeat(2000),
  '{{'.repeat(3000),
  '%25'.repeat(3000),
  '%'.repeat(10000),
  'union select '.repeat(500),
  `1 or ${'1'.repeat(5000)}=`,
  '<img '.repeat(2000),
  ';'.repeat(5000),
  `;${' '.repeat(5000)}x`,
  `(select ${'a,'.repeat(3000)}`,
  '/*'.repeat(3000),
  '&#'.repeat(3000),
  `1 or${' '.repeat(5000)}x`,
  `1+or${'+'.repeat(5000)}x`,
  `1 or a${' '.repeat(3000)}=${' '.repeat(3000)}x`,
  `<${' '.repeat(5000)}x`,
  `'--${' '.repeat(5000)}x`,
  `' or 'a'${' '.repeat(5000)}x`,
  `union${' '.repeat(5000)}x`,
  `;${' '.repeat(5000)}cat${' '.repeat(5000)}x`,
  `javascript:${' '.repeat(5000)}x`,
  `{{${'1'.repeat(5000)}`,
  `\${jndi${' '.repeat(5000)}`,
  `() ${' '.repeat(5000)}`,
  `x${'\n'.repeat(5000)}x`,
  `data:${'\n'.repeat(5000)}x`,
];
