/** Today's date in US Eastern time, the time zone US entry dates are counted in. */
export function todayEastern(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
