// Benchmark: evaluate 1,000,000 synthetic cases in one process, feeding the measures in the same
// streaming pass, and print cases per second and peak memory.
//   node scripts/run.js test/bench/rules.bench.ts [cases=1000000] [threads=2]
// Cases are generated one at a time (constant memory), as a database cursor would yield them.
// With threads > 1 the cases are split into shards evaluated by worker threads of this process
// (the machine has 2 cores); each shard keeps its own accumulators and the main thread adds up
// the additive figures. threads=1 also times generation alone, to show evaluation's own cost.
import {
  AnnualReviewAccumulator,
  combine,
  EhcTimelinessAccumulator,
  evaluateCase,
  OpenAssessmentsAccumulator,
  parseRulesTable,
  WaitingListAccumulator,
} from '@app/rules';
import { syntheticCases } from '@app/rules/testing';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

// Evaluation allocates many short-lived objects: a larger young generation means fewer scavenges.
// (The worker processor can do the same with --max-semi-space-size.)
setFlagsFromString('--max-semi-space-size=64');

const GOAL_MS = 10_000;
const ASOF = '2026-06-01';
const YEAR = { from: '2025-06-01', to: '2026-05-31' };

interface Shard {
  first: number;
  count: number;
  timeGeneration: boolean;
}

interface ShardResult {
  count: number;
  events: number;
  milestones: number;
  generateMs: number | null;
  /** The streaming pass: generation, evaluation and measures. */
  passMs: number;
  evaluateMs: number;
  plansIssued: number;
  within20WeeksEx: number;
  plansIssuedEx: number;
  open: number;
  overdue: number;
  sltWaiting: number;
  peakHeap: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

function runShard({ first, count, timeGeneration }: Shard): ShardResult {
  const rules = parseRulesTable(JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'rules.json'), 'utf8')));
  const cases = () => syntheticCases(count, { first, seed: 42 + first, asOf: ASOF });
  let generateMs: number | null = null;
  if (timeGeneration) {
    const t = now();
    for (const c of cases()) if (c.length < 0) throw new Error('unreachable');
    generateMs = now() - t;
  }
  const measures = combine({
    ehc: new EhcTimelinessAccumulator(YEAR, rules),
    open: new OpenAssessmentsAccumulator(rules),
    reviews: new AnnualReviewAccumulator(YEAR, rules),
    slt: new WaitingListAccumulator('slt', rules, YEAR),
    nd: new WaitingListAccumulator('neurodevelopmental', rules, YEAR),
  });
  let events = 0;
  let milestones = 0;
  let peakHeap = 0;
  let i = 0;
  const t = now();
  for (const c of cases()) {
    events += c.length;
    const evaluation = evaluateCase(c, ASOF, rules);
    milestones += evaluation.milestones.length;
    measures.add(evaluation);
    if (++i % 100_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const r = measures.result();
  const totalMs = now() - t;
  return {
    count,
    events,
    milestones,
    generateMs,
    passMs: totalMs,
    evaluateMs: generateMs === null ? totalMs : totalMs - generateMs,
    plansIssued: r.ehc.plansIssued,
    within20WeeksEx: r.ehc.within20Weeks.excluding.count,
    plansIssuedEx: r.ehc.plansIssuedExcludingExceptions,
    open: r.open.open,
    overdue: r.open.overdue,
    sltWaiting: r.slt.waiting,
    peakHeap: Math.max(peakHeap, process.memoryUsage().heapUsed),
  };
}

async function main() {
  const count = Number(process.argv[2] ?? 1_000_000);
  const threads = Math.max(1, Number(process.argv[3] ?? 2));
  const started = now();
  const shards: Shard[] = Array.from({ length: threads }, (_, k) => {
    const from = Math.floor((count * k) / threads);
    return { first: from, count: Math.floor((count * (k + 1)) / threads) - from, timeGeneration: threads === 1 };
  });
  const results =
    threads === 1
      ? [runShard(shards[0])]
      : await Promise.all(
          shards.map(
            (shard) =>
              new Promise<ShardResult>((resolve, reject) => {
                // Workers load this same file through scripts/run.js's TypeScript hooks.
                const w = new Worker(join(__dirname, '..', '..', 'scripts', 'run.js'), {
                  argv: ['test/bench/rules.bench.ts'],
                  workerData: shard,
                  resourceLimits: { maxYoungGenerationSizeMb: 192 },
                });
                w.once('message', resolve);
                w.once('error', reject);
              }),
          ),
        );
  const wallMs = now() - started;
  const sum = (f: (r: ShardResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const n = (x: number) => Math.round(x).toLocaleString('en-GB');
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  console.log(
    `cases:               ${n(count)} (${n(sum((r) => r.events))} events, ${n(sum((r) => r.milestones))} milestones), ${threads} thread(s)`,
  );
  const passMs = threads === 1 ? results[0].passMs : wallMs;
  console.log(`one streaming pass:  ${(passMs / 1000).toFixed(2)} s = ${n((count / passMs) * 1000)} cases/s (generate, evaluate, measure)`);
  if (threads > 1)
    console.log(
      `  per thread:        ${results.map((r) => (r.passMs / 1000).toFixed(2)).join(' s, ')} s ` +
        '(the rest of the wall clock starts the workers)',
    );
  if (threads === 1) {
    const gen = results[0].generateMs!;
    console.log(`  generation alone:  ${(gen / 1000).toFixed(2)} s (timed in a separate pass; stands in for reading the database)`);
    console.log(
      `  evaluate+measure:  ${(results[0].evaluateMs / 1000).toFixed(2)} s = ${n((count / results[0].evaluateMs) * 1000)} cases/s`,
    );
  }
  console.log(
    `peak RSS (maxRSS):   ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB for the process; ` +
      `peak heap used ${results.map((r) => mb(r.peakHeap)).join(' + ')} MB`,
  );
  console.log(
    `load average:        ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work on this machine slows the figures)`,
  );
  const ex = sum((r) => r.plansIssuedEx);
  console.log(
    `final plans issued:  ${n(sum((r) => r.plansIssued))} ` +
      `(${ex ? ((100 * sum((r) => r.within20WeeksEx)) / ex).toFixed(1) : '-'}% within 20 weeks excluding exceptions)`,
  );
  console.log(
    `open assessments:    ${n(sum((r) => r.open))} (${n(sum((r) => r.overdue))} overdue); SLT waiting ${n(sum((r) => r.sltWaiting))}`,
  );
  if (count >= 1_000_000 && passMs > GOAL_MS) {
    console.error(`over the ${GOAL_MS / 1000} s goal for ${n(count)} cases`);
    process.exitCode = 1;
  }
}

if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  parentPort!.postMessage(runShard(workerData as Shard));
}
