import { Injectable } from '@nestjs/common';
import { todayInLondon, type IsoDate } from '@app/rules';

/**
 * Wall-clock time in one place. Services ask it for "now" and "today in Europe/London" instead of
 * calling `new Date()`, so a test can move time by overriding this provider (see FixedClock).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** The calendar date in Europe/London now: statutory dates are London dates (libs/rules todayInLondon). */
  todayInLondon(): IsoDate {
    return todayInLondon(this.now());
  }
}

/** A clock stopped at one instant, for tests and tools that act as of another day. */
export class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.at);
  }
}
