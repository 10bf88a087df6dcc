// Target bodies and queries. Bodies are checked here for shape, then by the service for meaning
// (trajectory order, measure fits pathway); both answer 422 naming the field, like POST /v1/events.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsNumber, IsOptional, Matches, ValidateNested } from 'class-validator';
import { PATHWAYS, type Pathway, TARGET_MEASURES, type TargetMeasure } from '@app/rules';
import { IsCalendarDate, IsLaCode } from '../common/validators';

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,79}$/;
const NAME_MESSAGE = 'name must be a short code of lower-case letters, digits and . _ - (up to 80)';

export class TrajectoryPointDto {
  @ApiProperty({ example: '2026-12-31' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 80 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number' })
  value: number;
}

/** What both POST and PUT carry: the definition. */
class TargetDefinitionDto {
  @ApiProperty({ enum: PATHWAYS })
  @IsIn(PATHWAYS, { message: `pathway must be one of ${PATHWAYS.join(', ')}` })
  pathway: Pathway;

  @ApiProperty({ enum: TARGET_MEASURES })
  @IsIn(TARGET_MEASURES, { message: `measure must be one of ${TARGET_MEASURES.join(', ')}` })
  measure: TargetMeasure;

  @ApiProperty({ example: 92, description: 'The value that must hold by the deadline' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'threshold must be a number' })
  threshold: number;

  @ApiProperty({ enum: ['lte', 'gte'], description: 'lte: lower is better (weeks, counts); gte: higher is better (%)' })
  @IsIn(['lte', 'gte'], { message: "comparator must be 'lte' or 'gte'" })
  comparator: 'lte' | 'gte';

  @ApiProperty({ example: '2027-03-31', description: 'The date by which it must hold (required)' })
  @IsDefined({ message: 'deadline is required: a target without a date is refused' })
  @IsCalendarDate()
  deadline: string;

  @ApiPropertyOptional({ type: [TrajectoryPointDto], description: 'Interim points before the deadline, ascending' })
  @IsOptional()
  @IsArray({ message: 'trajectory must be a list of {date, value}' })
  @ArrayMaxSize(120)
  @ValidateNested({ each: true })
  @Type(() => TrajectoryPointDto)
  trajectory?: TrajectoryPointDto[];

  @ApiPropertyOptional({ enum: ['linear', 'step'], default: 'linear' })
  @IsOptional()
  @IsIn(['linear', 'step'], { message: "interpolation must be 'linear' or 'step'" })
  interpolation?: 'linear' | 'step';
}

/** POST body: the definition, for one LA, with a name unique in that LA. */
export class CreateTargetDto extends TargetDefinitionDto {
  @ApiProperty({ example: '805' })
  @IsLaCode()
  la: string;

  @ApiProperty({ example: 'slt-within-18-weeks-local' })
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name: string;
}

/** PUT body: the whole definition again (the LA and id are in the path; the name cannot change). */
export class ReplaceTargetDto extends TargetDefinitionDto {
  @ApiPropertyOptional({ example: 'slt-within-18-weeks-local', description: 'If given, the stored name' })
  @IsOptional()
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name?: string;
}

export class TargetsQuery {
  @IsOptional()
  @IsLaCode()
  la?: string;

  @IsOptional()
  @IsIn(PATHWAYS, { message: `pathway must be one of ${PATHWAYS.join(', ')}` })
  pathway?: Pathway;
}

export class TargetParams {
  @IsLaCode()
  la: string;

  @Matches(/^[1-9]\d{0,14}$/, { message: 'id must be a target id (a positive whole number)' })
  id: string;
}
