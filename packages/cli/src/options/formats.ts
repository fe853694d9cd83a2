// The output formats of each command, in one light module: the command tree lists them for --help
// and validation without loading any command's implementation.

export const STATUS_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type StatusFormat = (typeof STATUS_FORMATS)[number];

export const GET_FORMATS = ['table', 'wide', 'json', 'yaml', 'csv', 'name'] as const;
export type GetFormat = (typeof GET_FORMATS)[number];

export const COMPARE_FORMATS = ['table', 'json', 'yaml'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

export const WATCH_FORMATS = ['table', 'wide', 'json'] as const;
export type WatchFormat = (typeof WATCH_FORMATS)[number];

export const CONTEXTS_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type ContextsFormat = (typeof CONTEXTS_FORMATS)[number];

export const EXPORT_FORMATS = ['csv', 'json', 'md', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
