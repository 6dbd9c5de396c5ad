/**
 * Child process for the crash-safety test: starts a big import into the workspace given on the
 * command line and reports its progress on stdout; the test kills it (SIGKILL) half-way.
 */
import { openWorkspace } from '../../../../electron/db/workspace.ts';
import { commitMemberImport } from '../../../../electron/services/members/import-commit.ts';
import type { MemberImportRow } from '../../../../shared/domain/member.ts';
import { draft } from '../member-fixtures.ts';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: crash-import-child.ts <workspace>');
const workspace = await openWorkspace(file);

function* rows(): Generator<MemberImportRow> {
  for (let index = 0; index < 10_000_000; index += 1) {
    yield { row: index + 2, draft: draft({ realName: `成员${index}`, phone: `1${String(3_000_000_000 + index).padStart(10, '0')}`, tags: index % 7 === 0 ? ['七'] : [] }) };
  }
}

await commitMemberImport(workspace, { fileName: 'huge.csv', policy: 'fill-empty', rows: rows() }, { chunkSize: 2_000, onProgress: (done) => process.stdout.write(`progress ${done}\n`) });
process.stdout.write('finished\n');
