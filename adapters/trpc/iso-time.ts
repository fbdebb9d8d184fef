/**
 * `date.toISOString()`, three times faster: a page of 50 chats shows 150 timestamps, and Node's
 * toISOString (about 1 µs each) was a tenth of a list call (bench/reads). Days to a civil date by
 * Howard Hinnant's `civil_from_days`; years outside 1970–9999 (never a message's) take toISOString.
 * @see https://howardhinnant.github.io/date_algorithms.html#civil_from_days
 */
export function isoTime(date: Date): string {
  const time = date.getTime();
  if (!(time >= 0 && time < LAST_FOUR_DIGIT_YEAR_END)) return date.toISOString();
  const days = Math.floor(time / DAY);
  let rest = time - days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const seconds = Math.floor(rest / 1000);
  const { year, month, day } = civilFromDays(days);
  return `${year}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${three(rest - seconds * 1000)}Z`;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const LAST_FOUR_DIGIT_YEAR_END = Date.UTC(10_000, 0, 1);

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1 };
}

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
