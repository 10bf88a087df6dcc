import { Module } from '@nestjs/common';
import { SchoolReturnsRepository } from './school-returns.repository';

/** Schools and their termly SEN support returns (issue 15). */
@Module({ providers: [SchoolReturnsRepository], exports: [SchoolReturnsRepository] })
export class SchoolReturnsModule {}
