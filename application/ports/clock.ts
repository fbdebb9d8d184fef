/** The time, from outside, so tests can hold it still. */
export interface Clock {
  now(): Date;
}
