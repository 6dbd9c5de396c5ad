/**
 * Community Desk from a terminal: `npm run --silent cli -- <command> [options]` (node runs this
 * TypeScript file directly). The same services as the app, no Electron. See electron/cli/run.ts.
 */
import { runCli } from './run.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // A line that rewrites itself (carriage return, erase line) makes sense only on a terminal.
  ...(process.stderr.isTTY ? { status: (line: string) => process.stderr.write(`\r\x1b[K${line}`) } : {}),
});
