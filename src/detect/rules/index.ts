import type { Rule } from '../types.js';
import { http401Spike, http404Spike, http5xxSpike } from './http-spikes.js';
import { iocMatch } from './ioc-match.js';
import { sshBruteForcePrefix } from './ssh-brute-force-prefix.js';
import { sshBruteForce } from './ssh-brute-force.js';
import { sshInvalidUserProbing } from './ssh-invalid-user-probing.js';
import { sshPasswordSpraying } from './ssh-password-spraying.js';
import { sshSlowBruteForce } from './ssh-slow-brute-force.js';
import { sshSuccessAfterFailures } from './ssh-success-after-failures.js';
import { sudoFailure } from './sudo-failure.js';
import { web404Scan } from './web-404-scan.js';
import { webInjection, webScannerAgent, webSensitivePath } from './web-patterns.js';
import { webCredentialStuffing, webLoginBruteForce, webSuccessAfterFailures } from './web-login.js';

/** The built-in rule pack, in the order `rules list` shows it. */
export const BUILTIN_RULES: readonly Rule[] = [
  sshBruteForce,
  sshBruteForcePrefix,
  sshSlowBruteForce,
  sshPasswordSpraying,
  sshInvalidUserProbing,
  sshSuccessAfterFailures,
  sudoFailure,
  webLoginBruteForce,
  webCredentialStuffing,
  webSuccessAfterFailures,
  web404Scan,
  webSensitivePath,
  webInjection,
  webScannerAgent,
  http5xxSpike,
  http401Spike,
  http404Spike,
  iocMatch,
];
