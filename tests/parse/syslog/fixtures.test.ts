import { describe, it } from 'vitest';
import { journaldFormat, rfc5424Format, syslogFormat } from '../../../src/parse/syslog/formats.js';
import { expectFixture } from '../../helpers/fixtures.js';
import { parser } from './helpers.js';

const DIR = 'tests/fixtures/syslog';

describe('annotated syslog fixtures', () => {
  for (const name of ['sshd', 'pam', 'sudo_su', 'logind', 'framing']) {
    it(`${name}.log through syslogFormat`, () => {
      expectFixture(parser(syslogFormat), `${DIR}/${name}.log`);
    });
  }
  it('rfc5424.log through rfc5424Format', () => {
    expectFixture(parser(rfc5424Format), `${DIR}/rfc5424.log`);
  });
  it('journald.jsonl through journaldFormat', () => {
    expectFixture(parser(journaldFormat), `${DIR}/journald.jsonl`);
  });
});
