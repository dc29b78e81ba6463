/**
 * Crash tests: runs a tsx child script that prints a line before each step it takes, and kills it with SIGKILL (no
 * chance to clean up, as a power cut or a task manager would) once it has begun `after` such steps, `delayMs` later.
 * Bounded: a child that hangs is killed after `guardMs`. A child that fails on its own rejects with its stderr.
 */
import { spawn } from 'node:child_process';

export interface KillRun {
  script: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** The prefix of the line the child prints before each step. */
  stepLine: string;
  /** Kill once this many steps have begun. */
  after: number;
  delayMs: number;
  guardMs?: number;
}

export function runAndKill(run: KillRun): Promise<{ begun: number; finished: boolean; killed: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', run.script, ...run.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...run.env },
    });
    let begun = 0;
    let finished = false;
    let killTimer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), run.guardMs ?? 20_000);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.startsWith(run.stepLine)) begun++;
        if (line === 'done') finished = true;
        if (begun >= run.after && !killTimer) killTimer = setTimeout(() => child.kill('SIGKILL'), run.delayMs);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${stderr.slice(0, 500)}`));
      else resolvePromise({ begun, finished, killed: signal === 'SIGKILL' });
    });
  });
}
