export * from './rules-table.schema';
export * from './parse-rules-table';
export * from './rules-edition';
