/**
 * Re-reads an .xlsx with openpyxl (the system Python's), independently of ExcelJS which wrote it: each
 * cell's value, type (s text, n number, d date, f formula) and number format.
 */
import { execFile } from 'node:child_process';

export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface XlsxCell {
  value: string | number | boolean | null;
  type: string;
  format: string;
}

export interface XlsxSheetDump {
  title: string;
  freeze: string | null;
  autoFilter: string | null;
  rows: XlsxCell[][];
  formulaCells: number;
}

const SCRIPT = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
sheets = []
for ws in wb.worksheets:
    rows, formulas = [], 0
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = v.isoformat()
            if c.data_type == 'f':
                formulas += 1
            cells.append({'value': v, 'type': c.data_type, 'format': c.number_format})
        rows.append(cells)
    sheets.append({'title': ws.title, 'freeze': ws.freeze_panes, 'autoFilter': ws.auto_filter.ref, 'rows': rows, 'formulaCells': formulas})
print(json.dumps(sheets, ensure_ascii=False))
`;

export function readXlsx(file: string): Promise<XlsxSheetDump[]> {
  return new Promise((resolve, reject) => {
    execFile(SYSTEM_PYTHON, ['-c', SCRIPT, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`openpyxl could not read ${file}: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as XlsxSheetDump[]);
    });
  });
}

/** The first sheet's rows as plain values. */
export function values(sheet: XlsxSheetDump): Array<Array<XlsxCell['value']>> {
  return sheet.rows.map((row) => row.map((cell) => cell.value));
}
