import { Matches } from 'class-validator';
import { URN_PATTERN } from '@app/rules';
import { IsCalendarDate, IsLaCode } from '../../common/validators';

/** Which school's return, of which LA, describing which day. */
export class SchoolReturnQuery {
  @IsLaCode()
  la!: string;

  @Matches(URN_PATTERN, { message: 'school must be a 6-digit URN' })
  school!: string;

  @IsCalendarDate()
  returnedOn!: string;
}
