import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'access:public';

/** A route anyone may call without signing in (health, the sign-in page). Every other route needs a principal. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
