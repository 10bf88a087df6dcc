import { hostname } from 'node:os';

/** Names this process in the job ledger and logs. */
export const WORKER_ID = `${hostname()}:${process.pid}`;
