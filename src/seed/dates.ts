// Dates as the seed writes them, the same text as Date#toISOString: a day's `YYYY-MM-DD` is made
// once and kept (a history spans a few thousand days), the time of day is padded from tables;
// a new Date and toISOString per value were a tenth of the seed's CPU.

const DAY = 86_400_000;
const PAD2 = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const days = new Map<number, string>();

function dayText(day: number): string {
  let text = days.get(day);
  if (text === undefined) {
    text = new Date(day * DAY).toISOString().slice(0, 10);
    days.set(day, text);
  }
  return text;
}

/** `YYYY-MM-DD` (UTC) of a time in ms, as `toISOString().slice(0, 10)`. */
export const isoDate = (ms: number) => dayText(Math.floor(Math.trunc(ms) / DAY));

/** `YYYY-MM-DDTHH:MM:SS.mmmZ` of a time in ms, as `new Date(ms).toISOString()`. */
export function isoTime(ms: number): string {
  const whole = Math.trunc(ms);
  const day = Math.floor(whole / DAY);
  let rest = whole - day * DAY;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  return `${dayText(day)}T${PAD2[(rest - (rest % 60)) / 60]}:${PAD2[rest % 60]}:${PAD2[seconds]}.${PAD3[millis]}Z`;
}
