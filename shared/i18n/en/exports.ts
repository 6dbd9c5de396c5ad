import type { Widen } from '../widen.ts';
import type { exports as zh } from '../zh-CN/exports.ts';

export const exports: Widen<typeof zh> = {
  exports: {
    members: {
      sheetName: 'Members',
      fileName: 'Members-{{date}}.xlsx',
    },
    problems: {
      sheetName: 'Import problems',
      fileName: '{{file}}-problems.xlsx',
      reason: 'Problem',
      row: 'Row',
      column: 'Column',
      value: 'Value',
    },
    dialog: {
      importTitle: 'Choose a member list to import',
      importFilter: 'Spreadsheets (.xlsx, .csv, .tsv, .txt)',
      exportTitle: 'Export members',
      problemsTitle: 'Export import problems',
      xlsxFilter: 'Excel workbook (.xlsx)',
    },
  },
};
