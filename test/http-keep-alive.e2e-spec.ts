// An idle keep-alive connection outlives Node's default 5 s, so a client (or a load balancer in
// front) that sends its next request on it after a pause is not reset: createApiApp's keepIdleConnections.
import { Agent, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApi, type TestApi } from './support/api-app';

let api: TestApi;
let port: number;

beforeAll(async () => {
  api = await startApi();
  await api.app.listen(0, '127.0.0.1');
  port = (api.app.getHttpServer().address() as AddressInfo).port;
});

afterAll(async () => {
  await api?.close();
});

/** GET /health on `agent`: its status, and whether it went on a connection already open. */
function health(agent: Agent): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

describe('an idle keep-alive connection', () => {
  it('is still open after 6 s, and the next request goes on it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await health(agent)).toEqual({ status: 200, reused: false });
      await new Promise((r) => setTimeout(r, 6000)); // past Node's default keepAliveTimeout of 5 s
      expect(await health(agent)).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  }, 20000);
});
