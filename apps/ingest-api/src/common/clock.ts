import { Injectable } from '@nestjs/common';

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Europe/London at an instant (en-CA formats as YYYY-MM-DD). */
export function londonDate(at: Date): string {
  return LONDON_DATE.format(at);
}

/** Wall-clock access in one place, so tests can move time. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  todayInLondon(): string {
    return londonDate(this.now());
  }
}
