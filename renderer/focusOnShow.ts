import { isTextField } from './textFields';

// Moves the keyboard focus to a view's heading when the view appears: the button that led there is
// usually gone with the view it was in, and focus would fall to the page, leaving keyboard and
// screen-reader users nowhere. Someone typing in a field keeps their focus.
export function focusOnShow(heading: HTMLElement): void {
  heading.tabIndex = -1;
  if (isTextField(document.activeElement)) return;
  heading.focus({ preventScroll: true });
}
