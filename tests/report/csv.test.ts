import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, reportCsvFiles } from '../../src/report/csv.js';
import { HOSTILE, sampleReport } from './sample-report.js';

/** A small RFC 4180 reader, to check that what is written reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

const files = reportCsvFiles(sampleReport());

function table(name: string): string[][] {
  const text = files[name];
  if (text === undefined) throw new Error(`no ${name}`);
  return parseCsv(text);
}

describe('csvField', () => {
  it('quotes fields with commas, quotes, CR or LF and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(null)).toBe('');
  });

  it('defuses cells that a spreadsheet would run as a formula', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    expect(csvField(HOSTILE.formula)).toBe(`'${HOSTILE.formula}`);
    expect(csvField(-1)).toBe('-1');
  });

  it('writes a header and CRLF line ends', () => {
    expect(csvDocument(['a', 'b'], [[1, 'x']])).toBe('a,b\r\n1,x\r\n');
  });
});

describe('reportCsvFiles', () => {
  it('writes every table', () => {
    expect(Object.keys(files).sort()).toEqual([
      'coverage.csv',
      'endpoints.csv',
      'incidents.csv',
      'missing-paths.csv',
      'thursdays.csv',
      'timeline.csv',
      'top-addresses.csv',
      'top-users.csv',
    ]);
  });

  it.each([
    ['incidents.csv', 3],
    ['top-addresses.csv', 2],
    ['top-users.csv', 4],
    ['missing-paths.csv', 3],
    ['endpoints.csv', 3],
    ['thursdays.csv', 5],
    ['coverage.csv', 2],
    ['timeline.csv', 2 * 168],
  ])('%s has a header and %i rows of equal width', (name, rows) => {
    const parsed = table(name);
    expect(parsed).toHaveLength(rows + 1);
    const width = parsed[0]?.length;
    for (const row of parsed) expect(row).toHaveLength(width ?? -1);
  });

  it('uses the agreed timeline columns, one row per host and hour', () => {
    const rows = table('timeline.csv');
    expect(rows[0]).toEqual([
      'host',
      'hour',
      'requests',
      'failed_logins',
      'status_401',
      'status_404',
      'status_5xx',
    ]);
    expect(rows[1]?.slice(0, 2)).toEqual(['web1.example.org', '2026-11-15T23:00:00.000Z']);
    expect(rows[169]?.[0]).toBe(`web2${HOSTILE.script}`);
  });

  it('defuses hostile values from logs and removes terminal escapes', () => {
    const users = table('top-users.csv').map((r) => r[0]);
    expect(users).toContain(`'${HOSTILE.formula}`);
    expect(users).toContain('root');
    const endpoints = table('endpoints.csv').map((r) => r[0]);
    expect(endpoints).toContain("'@SUM(1+1)*cmd|' /C calc'!A0");
    const paths = table('missing-paths.csv').map((r) => r[0]);
    expect(paths).toContain(`'-say "hi", then leave`);
    for (const text of Object.values(files)) {
      expect(text).not.toContain('\u001b');
      for (const row of parseCsv(text)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('caps a 10 kB path and keeps multi-line evidence in one quoted cell', () => {
    const paths = table('missing-paths.csv').map((r) => r[0] ?? '');
    expect(Math.max(...paths.map((p) => p.length))).toBeLessThanOrEqual(2_000);
    const incidents = table('incidents.csv');
    const header = incidents[0] ?? [];
    const evidence = incidents[2]?.[header.indexOf('evidence')] ?? '';
    expect(evidence.split('\n')).toHaveLength(4);
    expect(incidents[1]?.[header.indexOf('first_seen_local')]).toBe('2026-11-18 02:12');
    expect(incidents[1]?.[header.indexOf('duration_s')]).toBe('1020');
  });

  it('writes empty tables as a header alone', () => {
    const empty = reportCsvFiles({ ...sampleReport(), incidents: [], topUsers: [] });
    expect(empty['incidents.csv']?.split('\r\n')).toHaveLength(2);
    expect(empty['top-users.csv']).toBe('user,failures,addresses\r\n');
  });
});
