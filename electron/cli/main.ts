/**
 * Community Desk from a terminal: `npm run --silent cli -- <command> [options]` (node runs this
 * TypeScript file directly). The same services as the app, no Electron. See electron/cli/run.ts.
 */
import { runCli } from './run.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
