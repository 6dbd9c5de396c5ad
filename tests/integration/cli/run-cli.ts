import { execFile } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI_ENTRY = path.join(REPO_ROOT, 'electron/cli/main.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(file, [...args], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the real CLI in its own Node process, exactly what `npm run cli --` starts. */
export function cli(...args: string[]): Promise<CliRun> {
  return run(process.execPath, [CLI_ENTRY, ...args]);
}

/** Runs it through npm, as the README tells operators to. */
export function npmCli(...args: string[]): Promise<CliRun> {
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
  return run('npm', ['run', '--silent', 'cli', '--', ...args], env);
}

/** A failed run says exactly one plain line on stderr: no stack trace, no second line. */
export function failureLine(result: CliRun): string {
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== 1) throw new Error(`expected one stderr line, got ${lines.length}:\n${result.stderr}`);
  const line = lines[0] ?? '';
  if (/\bat .+:\d+:\d+\)?$/.test(line) || line.includes('Error:')) throw new Error(`stderr looks like a stack trace: ${line}`);
  return line;
}
