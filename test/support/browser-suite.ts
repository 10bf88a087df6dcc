// What every browser test file starts with: an SMTP sink, the real API (listening, for the
// browser) and worker, a seeded synthetic area in the file's own LA, and Chromium, recording any
// script error or refused script into `pageErrors` so the file can assert there were none.
import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { startApi, type TestApi } from './api-app';
import { launchBrowser, type TestBrowser } from './browser';
import { seedBrowserArea, type BrowserArea } from './browser-area';
import { uniquePrefix } from './event-factory';
import { createScratchDatabase } from './scratch-database';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { startWorker } from './worker-app';

/**
 * A page load the browser tests call broken. Speed is measured by the benchmarks (bench:reports
 * times the pages' queries); on a shared 2-core machine a wall-clock limit of 1 s failed healthy
 * pages under load, so the tests only catch a page gone pathological, and print their times.
 */
export const PAGE_BROKEN_MS = 5000;

export interface BrowserSuite {
  smtp: SmtpSink;
  api: TestApi;
  worker: INestApplicationContext;
  browser: TestBrowser;
  area: BrowserArea;
  close(): Promise<void>;
}

export interface BrowserSuiteOptions {
  la: string;
  today: string;
  /** The prefix of the area's references. */
  label: string;
  /** Synthetic cases beside the area's own (seedBrowserArea's default when absent). */
  cases?: number;
  /** Where script errors go. */
  pageErrors: string[];
  /** Console errors that are expected (a refusal page's status), not script errors. */
  expectedConsole?: RegExp;
}

export async function startBrowserSuite(o: BrowserSuiteOptions): Promise<BrowserSuite> {
  // What has started, closed last first, by close() or when starting fails part way.
  const started: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const stop of started.splice(0).reverse()) await stop();
  };
  try {
    // A database and Redis prefix of the file's own: its worker's outbox relay claims rows from
    // the database it runs on, so a worker on the run's shared database could take another
    // file's alerts and queue them under its own prefix, where that file's worker never looks.
    const scratch = await createScratchDatabase(o.label);
    scratch.use();
    started.push(() => scratch.drop());
    const smtp = await startSmtpSink();
    started.push(() => smtp.close());
    process.env.SMTP_URL = smtp.url;
    process.env.OUTBOX_POLL_MS = '50';
    process.env.SCHEDULES_ENABLED = 'false';
    const api = await startApi();
    started.push(() => api.close());
    const worker = await startWorker();
    started.push(() => worker.close());
    const area = await seedBrowserArea(api, worker, o.la, o.today, uniquePrefix(o.label), o.cases);
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const browser = await launchBrowser(`http://127.0.0.1:${port}`);
    started.push(() => browser.close());
    browser.page.on('pageerror', (e) => o.pageErrors.push(`${browser.page.url()}: ${e.message}`));
    browser.page.on('console', (m) => {
      if (m.type() === 'error' && !o.expectedConsole?.test(m.text())) o.pageErrors.push(`${browser.page.url()}: ${m.text()}`);
    });
    return { smtp, api, worker, browser, area, close };
  } catch (e) {
    await close();
    throw e;
  }
}
