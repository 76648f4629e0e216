/**
 * Runs `fn` once the frame being drawn is painted: a frame, then a task (a task queued from a
 * frame callback runs after that frame's paint). A page in a hidden tab gets no frames: `fn`
 * runs anyway after `fallbackMs`. Once only; the returned function cancels it.
 */
export function afterPaint(fn: () => void, fallbackMs = 1000): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0);
  });
  const fallback = setTimeout(run, fallbackMs);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    clearTimeout(fallback);
  };
}
