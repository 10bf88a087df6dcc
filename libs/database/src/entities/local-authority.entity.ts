import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An English local authority, keyed by the DfE's three-digit code (the contract's `la`). */
@Entity({ name: 'local_authorities' })
export class LocalAuthority {
  @PrimaryColumn({ name: 'la_code', type: 'text' })
  laCode: string;

  @Column({ name: 'gss_code', type: 'text' })
  gssCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  @Column({ name: 'region_name', type: 'text' })
  regionName: string;
}
