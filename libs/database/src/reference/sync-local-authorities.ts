import type { DataSource } from 'typeorm';
import { loadLocalAuthorities } from './local-authorities';

/** Upserts the LA list from config/reference in one statement; safe to run on every migrate. */
export async function syncLocalAuthorities(ds: DataSource): Promise<number> {
  const las = loadLocalAuthorities();
  await ds.query(
    `INSERT INTO local_authorities (la_code, gss_code, name, region_code, region_name)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (la_code) DO UPDATE SET gss_code = excluded.gss_code, name = excluded.name,
       region_code = excluded.region_code, region_name = excluded.region_name`,
    [
      las.map((l) => l.laCode),
      las.map((l) => l.gssCode),
      las.map((l) => l.name),
      las.map((l) => l.regionCode),
      las.map((l) => l.regionName),
    ],
  );
  return las.length;
}
