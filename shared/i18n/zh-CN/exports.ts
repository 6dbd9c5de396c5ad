/** Strings of member imports and exports made by main, the service host and the CLI (files, dialogs). Keys must match shared/i18n/en/exports.ts. */
export const exports = {
  exports: {
    members: {
      sheetName: '成员',
      fileName: '成员名单-{{date}}.xlsx',
    },
    problems: {
      sheetName: '导入问题',
      fileName: '{{file}}-导入问题.xlsx',
      reason: '问题说明',
      row: '行号',
      column: '列',
      value: '内容',
    },
    dialog: {
      importTitle: '选择要导入的成员名单',
      importFilter: '表格文件（.xlsx、.csv、.tsv、.txt）',
      exportTitle: '导出成员',
      problemsTitle: '导出导入问题',
      xlsxFilter: 'Excel 工作簿（.xlsx）',
    },
  },
} as const;
