// HR reporting's public face for main's handlers: row sources, CSV and XLSX writers, the
// end-to-end exports and the dashboard (docs/EXPORTS.md describes every column).
export { ATTEMPTS_TABLE, PHASES_TABLE, DECISIONS_TABLE, TABLES, headersOf, type Bilingual, type Column, type ColumnType, type Table, type TableName } from './columns';
export { neutralise, frenchDate, csvCell, xlsxCell, excelLocalDate, type CsvDialect } from './cells';
export { ReportFilterSchema, ExportFilterSchema, compileFilter, parseFilter, InvalidFilterError, type ReportFilter, type ExportFilter } from './filter';
export {
  storeSource, scenarioMetaOf, attemptRows, phaseRows, decisionRows, countRows, durationSeconds,
  type ReportingSource, type ScenarioMeta, type AttemptRow, type PhaseRow, type DecisionRow, type RowIssue, type RowOptions,
} from './rows';
export { withOutput, type ExportOutput } from './output';
export { rowStream, batchesOf, BATCHES, type RowStream } from './batches';
export { writeCsv, CSV_DIALECTS, type CsvOptions, type CsvResult } from './csv';
export { writeXlsx, xlsxSheet, XlsxRowLimitError, EXCEL_MAX_ROWS, XLSX_MAX_DATA_ROWS, type XlsxSheet, type XlsxOptions, type XlsxResult } from './xlsx';
export { exportCsv, exportXlsx, decisionsFitInXlsx, type CsvExportOptions, type CsvExportResult, type XlsxExportOptions, type XlsxExportResult, type ExportIssues } from './export';
export {
  buildDashboard, prepareDashboard, queryDashboard, DashboardSchema, DashboardRowSchema, ScenarioStatsSchema, PhaseLossSchema, BucketSchema,
  type Dashboard, type DashboardInput, type PreparedDashboard, type DashboardOptions, type DashboardRow, type ScenarioStats, type PhaseLoss,
} from './dashboard';
