import type { AuditEntry } from './audit-entry';
import type { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

function service(append: (e: AuditEntry) => Promise<void>) {
  return new AuditService({ append } as unknown as AuditRepository);
}

describe('AuditService', () => {
  it('writes every entry as the trail may hold it: no NUL reaches the database', async () => {
    const written: AuditEntry[] = [];
    await service(async (e) => void written.push(e)).record({ action: 'access.denied', caseRef: 'X1\u0000', status: 403 });
    expect(written).toEqual([expect.objectContaining({ caseRef: null, detail: { caseRef: 'not a reference (not recorded)' } })]);
  });

  it('answers a refusal as itself even when its record cannot be written, and says so in the log', async () => {
    const failing = service(() => Promise.reject(Object.assign(new Error('connection lost'), { code: '57P01' })));
    const logged = jest.spyOn((failing as unknown as { log: { error: (m: string) => void } }).log, 'error').mockImplementation(() => {});
    await expect(failing.recordRefusal({ action: 'access.denied', status: 403 })).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('access.denied 403 (57P01)'));
    await expect(failing.record({ action: 'case.read', status: 200 })).rejects.toThrow('connection lost');
  });
});
