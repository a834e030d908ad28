// Work that can wait until the window has drawn its next frame, so that it does not compete with that frame.

/** A hidden window draws no frame, or one a second: past this, the work runs anyway. */
const AT_MOST_MS = 100;

/** Runs `work` once, right after the window's next frame is drawn, or after AT_MOST_MS if none is. */
export function afterNextFrame(work: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    work();
  };
  const fallback = setTimeout(run, AT_MOST_MS);
  // A frame's callbacks run before it is drawn; a task they queue runs after.
  requestAnimationFrame(() => setTimeout(run, 0));
}
