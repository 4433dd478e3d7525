// Bulk action progress (programmes): polls the action's progress once a second and updates the page;
// reloads it when the action completes. Without JavaScript the page has a "Refresh progress" button.
const root = document.querySelector('[data-progress-url]');
if (root) {
  const url = root.getAttribute('data-progress-url');
  const summary = document.getElementById('progress-summary');
  const bar = document.getElementById('progress-bar');
  const done = document.getElementById('progress-done');
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (response.ok) {
        const p = await response.json();
        const processed = p.done + p.failed + p.skipped;
        if (p.status === 'completed') {
          window.location.reload();
          return;
        }
        if (summary) summary.textContent = `Sending: ${processed} of ${p.total} done`;
        if (bar) bar.value = processed;
        if (done) done.textContent = String(p.done);
      }
    } catch {
      // A failed poll is retried on the next tick.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
