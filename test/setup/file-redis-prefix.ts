// Every test file gets a Redis prefix of its own under the run's. Two files run side by side and
// each starts a worker in-process: on one prefix, either worker took the other's jobs (an alert
// mailed to the other file's SMTP sink, a job evaluated by a worker about to close), so a file
// waiting for its own worker timed out when the machine was busy. The file's tag is four
// characters of a hash of its path: a prefix is at most 40 characters, and a scratch database
// adds its label after it.
import { createHash } from 'node:crypto';

const run = process.env.REDIS_PREFIX_RUN ?? process.env.REDIS_PREFIX;
if (run) {
  const digest = createHash('sha1')
    .update(expect.getState().testPath ?? '')
    .digest();
  process.env.REDIS_PREFIX_RUN = run;
  process.env.REDIS_PREFIX = `${run}_${digest.readUInt32BE(0).toString(36).padStart(4, '0').slice(-4)}`;
}
