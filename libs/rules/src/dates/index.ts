export * from './iso-date';
export * from './today-in-london';
