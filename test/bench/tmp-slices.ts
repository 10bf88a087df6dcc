import { benchEvents } from './bench-events';
import { jsonRecordSlices } from '../../apps/ingest-api/src/events/json-record-slices';
async function main() {
  const body = Buffer.from(JSON.stringify([...benchEvents(10_000)]));
  const chunks = () => { const out: Buffer[] = []; for (let i = 0; i < body.length; i += 65536) out.push(body.subarray(i, i + 65536)); return out; };
  const cs = chunks();
  async function* gen() { for (const c of cs) yield c; }
  let best = { whole: 1e9, slices: 1e9 };
  for (let round = 0; round < 30; round++) {
    let t = performance.now();
    JSON.parse(body.toString('utf8'));
    best.whole = Math.min(best.whole, performance.now() - t);
    t = performance.now();
    let n = 0;
    for await (const s of jsonRecordSlices(gen(), { size: 100, byteLimit: 1e8 })) n += s.records.length;
    best.slices = Math.min(best.slices, performance.now() - t);
  }
  console.log(`bytes ${body.length}: whole ${best.whole.toFixed(1)} ms, slices ${best.slices.toFixed(1)} ms`);
}
void main();
