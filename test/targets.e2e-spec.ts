import { TargetsService } from '@app/compliance';
import { loadDefaultTargets, migrateDataSource } from '@app/database';
import { type TestApi, startApi } from './support/api-app';

// LAs of their own, so other specs' rows never meet these (all data synthetic).
const LA_DEFAULTS = '807';
const LA_EDIT = '876';
const LA_STATUS = '877';

const sltTarget = (la: string, name: string) => ({
  la,
  name,
  pathway: 'slt',
  measure: 'waiting_within_target_pct',
  threshold: 92,
  comparator: 'gte',
  deadline: '2027-03-31',
  trajectory: [
    { date: '2026-09-30', value: 75 },
    { date: '2026-12-31', value: 84 },
  ],
});

describe('targets (real PostgreSQL)', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  const countTargets = async (la: string, name: string) =>
    Number((await api.db.query(`SELECT count(*) FROM targets WHERE la_code = $1 AND name = $2`, [la, name]))[0].count);

  it('gives every LA the default targets on migrate, once', async () => {
    const names = loadDefaultTargets()
      .map((t) => t.name)
      .sort();
    const res = await api.http().get(`/v1/targets?la=${LA_DEFAULTS}`).expect(200);
    const defaults = res.body.targets.filter((t: { source: string }) => t.source === 'default');
    expect(defaults.map((t: { name: string }) => t.name).sort()).toEqual(names);
    expect(defaults.find((t: { name: string }) => t.name === 'nd-nobody-over-52-weeks')).toMatchObject({
      la: LA_DEFAULTS,
      pathway: 'neurodevelopmental',
      measure: 'waiting_over_max_count',
      threshold: 0,
      comparator: 'lte',
      deadline: '2027-03-31',
      latestStatus: null,
    });
    const las = Number((await api.db.query(`SELECT count(*) FROM local_authorities`))[0].count);
    const rows = Number((await api.db.query(`SELECT count(*) FROM targets WHERE name = ANY($1)`, [names]))[0].count);
    expect(rows).toBe(las * names.length);
    expect((await migrateDataSource(api.db)).defaultTargets).toBe(0);
  });

  it('filters by pathway', async () => {
    const res = await api.http().get(`/v1/targets?la=${LA_DEFAULTS}&pathway=ehc_assessment`).expect(200);
    expect(res.body.targets.map((t: { name: string }) => t.name)).toEqual(['ehc-final-within-20-weeks']);
    await api.http().get('/v1/targets?pathway=dentistry').expect(400);
  });

  it('stores a valid target (201) and refuses its name twice (409)', async () => {
    const body = sltTarget(LA_EDIT, 'slt-local-created');
    const res = await api.http().post('/v1/targets').send(body).expect(201);
    expect(res.body).toMatchObject({ ...body, id: expect.any(Number), interpolation: 'linear', source: 'local' });
    await api.http().post('/v1/targets').send(body).expect(409);
    expect(await countTargets(LA_EDIT, 'slt-local-created')).toBe(1);
  });

  it('refuses a target without a deadline, naming the field, writing nothing', async () => {
    const { deadline: _d, ...undated } = sltTarget(LA_EDIT, 'slt-undated');
    const res = await api.http().post('/v1/targets').send(undated).expect(422);
    expect(res.body.errors).toEqual([{ index: 0, field: 'deadline', reason: 'deadline is required: a target without a date is refused' }]);
    expect(res.body.message).toContain('nothing was written');
    expect(await countTargets(LA_EDIT, 'slt-undated')).toBe(0);
  });

  it('names each bad field, including the meaning checks and an unknown LA', async () => {
    const bad = { ...sltTarget(LA_EDIT, 'slt-bad'), threshold: 'ninety', trajectory: [{ date: '2026-13-01', value: 1 }], colour: 'red' };
    const res = await api.http().post('/v1/targets').send(bad).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'threshold', 'trajectory[0].date']);
    const late = { ...sltTarget(LA_EDIT, 'slt-bad'), trajectory: [{ date: '2027-06-30', value: 90 }] };
    expect((await api.http().post('/v1/targets').send(late).expect(422)).body.errors[0].field).toBe('trajectory[0].date');
    const wrongPathway = { ...sltTarget(LA_EDIT, 'slt-bad'), pathway: 'annual_review' };
    expect((await api.http().post('/v1/targets').send(wrongPathway).expect(422)).body.errors[0].field).toBe('measure');
    expect((await api.http().post('/v1/targets').send(sltTarget('001', 'slt-bad')).expect(422)).body.errors[0].field).toBe('la');
    expect(await countTargets(LA_EDIT, 'slt-bad')).toBe(0);
  });

  it('replaces a target with PUT; an edited default becomes local, keeps its name and survives migrate', async () => {
    const created = (await api.http().post('/v1/targets').send(sltTarget(LA_EDIT, 'slt-to-edit')).expect(201)).body;
    const { la: _la, ...definition } = sltTarget(LA_EDIT, 'slt-to-edit');
    const put = await api
      .http()
      .put(`/v1/targets/${LA_EDIT}/${created.id}`)
      .send({ ...definition, threshold: 95, trajectory: [] })
      .expect(200);
    expect(put.body).toMatchObject({ id: created.id, name: 'slt-to-edit', threshold: 95, trajectory: [], source: 'local' });
    const stored = await api.db.query(`SELECT threshold, trajectory FROM targets WHERE la_code = $1 AND target_id = $2`, [
      LA_EDIT,
      created.id,
    ]);
    expect(stored).toEqual([{ threshold: 95, trajectory: [] }]);

    const [dflt] = (await api.http().get(`/v1/targets?la=${LA_EDIT}&pathway=slt`).expect(200)).body.targets.filter(
      (t: { name: string }) => t.name === 'slt-within-18-weeks',
    );
    const { name: _n, ...noName } = definition;
    const edited = await api
      .http()
      .put(`/v1/targets/${LA_EDIT}/${dflt.id}`)
      .send({ ...noName, threshold: 90 })
      .expect(200);
    expect(edited.body).toMatchObject({ name: 'slt-within-18-weeks', threshold: 90, source: 'local' });
    const renamed = await api
      .http()
      .put(`/v1/targets/${LA_EDIT}/${dflt.id}`)
      .send({ ...noName, name: 'slt-renamed' })
      .expect(422);
    expect(renamed.body.errors[0].field).toBe('name');
    await api
      .http()
      .put(`/v1/targets/${LA_EDIT}/${dflt.id}`)
      .send({ ...noName, deadline: undefined })
      .expect(422);
    await api.http().put(`/v1/targets/${LA_EDIT}/987654321`).send(noName).expect(404);

    expect((await migrateDataSource(api.db)).defaultTargets).toBe(0);
    const after = (await api.http().get(`/v1/targets?la=${LA_EDIT}&pathway=slt`).expect(200)).body.targets;
    expect(after.filter((t: { name: string }) => t.name === 'slt-within-18-weeks')).toEqual([
      expect.objectContaining({ threshold: 90, source: 'local' }),
    ]);
  });

  it('recomputes red/amber/green from the nightly snapshot, against the trajectory point of the day', async () => {
    const post = (body: object) =>
      api
        .http()
        .post('/v1/targets')
        .send(body)
        .expect(201)
        .then((r) => r.body.id as number);
    // 2026-11-15 is 46 of the 92 days from 2026-09-30 to 2026-12-31: expected 75 + 9 / 2 = 79.5; amber to 79.5 * 0.95.
    const sltPct = await post(sltTarget(LA_STATUS, 'e2e-slt-pct'));
    // Step: 20 from 2026-10-01 until the deadline's 0; lte, so 21 is 1 over (within 5% of 20 is 1.0): amber.
    const ndCount = await post({
      la: LA_STATUS,
      name: 'e2e-nd-count',
      pathway: 'neurodevelopmental',
      measure: 'waiting_count',
      threshold: 0,
      comparator: 'lte',
      deadline: '2027-03-31',
      trajectory: [{ date: '2026-10-01', value: 20 }],
      interpolation: 'step',
    });
    // Flat 60 before the first point; the LA-wide figure is 48.0: red.
    const ehc = await post({
      la: LA_STATUS,
      name: 'e2e-ehc',
      pathway: 'ehc_assessment',
      measure: 'final_within_20_weeks_pct',
      threshold: 90,
      comparator: 'gte',
      deadline: '2027-03-31',
      trajectory: [{ date: '2026-12-01', value: 60 }],
    });
    // No annual_review row in the snapshot: no actual, no colour.
    const reviews = await post({
      la: LA_STATUS,
      name: 'e2e-reviews',
      pathway: 'annual_review',
      measure: 'meetings_on_time_pct',
      threshold: 90,
      comparator: 'gte',
      deadline: '2027-03-31',
    });

    const on = '2026-11-15';
    const rows = [
      ['slt', 'all', { waitingList: { withinTarget: { percent: 80 }, overMax: 0 } }],
      ['slt', 'SLCN', { waitingList: { withinTarget: { percent: 10 }, overMax: 4 } }],
      ['neurodevelopmental', 'all', { waitingList: { waiting: 21, withinTarget: { percent: 50 }, overMax: 3 } }],
      ['ehc_assessment', 'all', { ehc: { within20Weeks: { including: { percent: 48 }, excluding: { percent: 61 } } } }],
    ];
    await api.db.query(
      `INSERT INTO measure_snapshots (la_code, snapshot_on, pathway, need_code, measures)
       SELECT $1, $2::date, x.pathway, x.need_code, x.measures
       FROM jsonb_to_recordset($3::jsonb) AS x(pathway text, need_code text, measures jsonb)`,
      [LA_STATUS, on, JSON.stringify(rows.map(([pathway, need_code, measures]) => ({ pathway, need_code, measures })))],
    );

    const service = api.app.get(TargetsService);
    const targetCount = Number((await api.db.query(`SELECT count(*) FROM targets WHERE la_code = $1`, [LA_STATUS]))[0].count);
    expect(await service.recomputeStatuses(on, LA_STATUS)).toBe(targetCount);
    expect(await service.recomputeStatuses(on, LA_STATUS)).toBe(targetCount); // a rerun overwrites, never doubles
    expect(await service.recomputeStatuses('2026-11-16', LA_STATUS)).toBe(0); // no snapshot that day: nothing judged

    const byId = new Map((await service.statuses(LA_STATUS, on)).map((s) => [s.targetId, s]));
    expect(byId.get(sltPct)).toMatchObject({ on, expected: 79.5, actual: 80, status: 'green', deadlinePassed: false });
    expect(byId.get(ndCount)).toMatchObject({ expected: 20, actual: 21, status: 'amber' });
    expect(byId.get(ehc)).toMatchObject({ expected: 60, actual: 48, status: 'red' });
    expect(byId.get(reviews)).toMatchObject({ expected: 90, actual: null, status: null });
    // The default SLT 52-week target reads the LA-wide row (0 over 52), not the SLCN row (4).
    const slt52 = [...byId.values()].find((s) => s.name === 'slt-nobody-over-52-weeks');
    expect(slt52).toMatchObject({ expected: 0, actual: 0, status: 'green' });

    const listed = (await api.http().get(`/v1/targets?la=${LA_STATUS}`).expect(200)).body.targets;
    expect(listed.find((t: { id: number }) => t.id === sltPct).latestStatus).toEqual({
      on,
      expected: 79.5,
      actual: 80,
      status: 'green',
      deadlinePassed: false,
    });
    const history = await api.http().get(`/v1/targets/${LA_STATUS}/${ehc}/statuses`).expect(200);
    expect(history.body).toMatchObject({
      target: { id: ehc, name: 'e2e-ehc' },
      statuses: [{ on, expected: 60, actual: 48, status: 'red' }],
    });
    await api.http().get(`/v1/targets/${LA_STATUS}/987654321/statuses`).expect(404);
  });
});
