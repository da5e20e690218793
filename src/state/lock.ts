import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeIfPresent } from './files.js';

/** Another live process holds the lock for longer than we were willing to wait. */
export class LockBusyError extends Error {
  override readonly name = 'LockBusyError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding `path` (created exclusively, holding our pid). A lock left by a process
 * that died (kill -9, power loss) is taken over; a live holder is waited for up to `waitMs`.
 */
export async function withLock<T>(path: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
        await removeIfPresent(path);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new LockBusyError(
          `${path} is held by process ${Number.isNaN(holder) ? '?' : String(holder)}; another logwarden is still running`,
        );
      }
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    await removeIfPresent(path);
  }
}
