import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StaffDirectory, type StaffMember } from './staff-directory';

/** The only code that reads or writes the staff table. */
@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async directory(la: string): Promise<StaffDirectory> {
    const rows: { staff_ref: string; role: StaffMember['role']; team: string; service: string | null; email: string }[] =
      await this.db.query(`SELECT staff_ref, role, team, service, email FROM staff WHERE la_code = $1`, [la]);
    return new StaffDirectory(
      rows.map((r) => ({
        la,
        staffRef: r.staff_ref,
        role: r.role,
        team: r.team,
        service: r.service as StaffMember['service'],
        email: r.email,
      })),
    );
  }

  /** Adds or updates staff in one statement. */
  async upsert(members: StaffMember[]): Promise<number> {
    if (!members.length) return 0;
    const result = await this.db.query(
      `INSERT INTO staff (la_code, staff_ref, role, team, service, email)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT (la_code, staff_ref) DO UPDATE SET role = excluded.role, team = excluded.team,
         service = excluded.service, email = excluded.email`,
      [
        members.map((m) => m.la),
        members.map((m) => m.staffRef),
        members.map((m) => m.role),
        members.map((m) => m.team),
        members.map((m) => m.service),
        members.map((m) => m.email),
      ],
    );
    return Array.isArray(result) ? result.length : members.length;
  }
}
