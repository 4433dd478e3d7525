// Progress bars on stderr: redrawn in place on a terminal, a plain line every few seconds otherwise.
const WIDTH = 30;

/** Returns update(done) and finish(); `total` is the number of units (rows, cases...). */
export function progressBar(label, total, unit = 'rows') {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const draw = (done, final = false) => {
    const now = Date.now();
    if (!tty && !final && now - lastLine < 5000) return;
    lastLine = now;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(share * WIDTH);
    const seconds = (now - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const eta = share > 0 && share < 1 ? ` ETA ${formatDuration((total - done) / Math.max(rate, 0.001))}` : '';
    const text = `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(1)}% ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')} ${unit} (${Math.round(rate).toLocaleString('en-GB')}/s, ${formatDuration(seconds)})${eta}`;
    process.stderr.write(tty ? `\r\x1b[2K${text}${final ? '\n' : ''}` : `${text}\n`);
  };
  draw(0, true);
  // The last step is drawn by finish() alone, so a finished bar is printed once.
  return { update: (done) => (done < total ? draw(done) : undefined), finish: (done = total) => draw(done, true) };
}

export function formatDuration(seconds) {
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}
