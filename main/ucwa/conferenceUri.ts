/** A meeting's conference URI, as joinOnlineMeeting takes it: sip:<organiser>@<domain>;gruu;opaque=app:conf:focus:id:<id>. */
export function isConferenceUri(text: string): boolean {
  return /^sip:[^\s@]+@[^\s;]+;gruu;opaque=app:conf:focus:id:[A-Za-z0-9]+$/i.test(text);
}
