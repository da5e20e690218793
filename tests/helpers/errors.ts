import { LogwardenError } from '../../src/errors.js';

/** The LogwardenError `run` throws; fails the test when it throws nothing or something else. */
export function errorOf(run: () => unknown): LogwardenError {
  try {
    run();
  } catch (error) {
    if (error instanceof LogwardenError) return error;
    throw error;
  }
  throw new Error('expected a LogwardenError');
}
