import type { ImportProblem } from '../../../shared/domain/member.ts';
import type { Language } from '../../../shared/domain/workspace.ts';
import { translate } from '../../../shared/i18n/translate.ts';

/** One problem in the operator's words, prefixed with its column when it has one: "手机号: “123”只有 3 位数字…". */
export function problemText(language: Language, problem: ImportProblem): string {
  const message = translate(language, problem.messageKey, { value: problem.value, column: problem.column, ...problem.params });
  return problem.column === '' ? message : `${problem.column}: ${message}`;
}
