import type { StageName } from '../stages.js';
import type { KaplanMeierPoint } from '../statistics.js';
import type { MonthlySeries, StageFigures } from '../timeline-report.js';
import { FILLS, el, round, svgDocument, text } from './svg.js';

const STAGE_LABELS: Record<StageName, string> = {
  assessment: 'Assessment',
  investigation: 'Investigation',
  representations: 'Representations',
  compliance: 'Compliance',
  disruption: 'Business disruption',
  end_to_end: 'End to end',
  super_complaint: 'Super-complaint',
};
export const stageLabel = (stage: StageName): string => STAGE_LABELS[stage];

const days = (value: number | null): string => (value === null ? 'not reached' : `${value} days`);

/** A "nice" axis maximum and step for values up to `max`. */
function axis(max: number, ticks = 5): { top: number; step: number } {
  if (max <= 0) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return { top: Math.ceil(max / step) * step, step };
}

/**
 * Durations by stage as horizontal bars: median of finished stages, Kaplan–Meier median (open stages
 * counted) and Kaplan–Meier 90th percentile, each labelled with its value.
 */
export function stageDurationChart(id: string, stages: StageFigures[]): string {
  const shown = stages.filter((s) => s.n !== null && s.n > 0);
  const series = [
    { key: 'medianDays' as const, label: 'Median, finished stages only' },
    { key: 'kmMedianDays' as const, label: 'Median counting open stages (Kaplan–Meier)' },
    { key: 'kmP90Days' as const, label: '90th percentile counting open stages (Kaplan–Meier)' },
  ];
  const left = 150;
  const width = 760;
  const plot = width - left - 110;
  const barHeight = 14;
  const rowHeight = series.length * barHeight + 18;
  const top = 60;
  const height = top + Math.max(1, shown.length) * rowHeight + 40;
  const max = Math.max(1, ...shown.flatMap((s) => series.map((x) => s[x.key] ?? 0)));
  const { top: axisTop, step } = axis(max);
  const scale = (v: number): number => (v / axisTop) * plot;
  const body: string[] = [];
  series.forEach((x, i) => {
    const lx = left + i * 200;
    body.push(el('rect', { x: lx - 110 + 0, y: 8, width: 14, height: 14, fill: FILLS[i].fill, stroke: FILLS[i].stroke }));
    body.push(text(lx - 90, 20, x.label.replace(', finished stages only', ' (finished)').replace(' counting open stages (Kaplan–Meier)', ' (KM)'), { 'font-size': 12 }));
  });
  for (let v = 0; v <= axisTop; v += step) {
    const x = left + scale(v);
    body.push(el('line', { x1: round(x), y1: top - 8, x2: round(x), y2: height - 30, stroke: '#b1b4b6', 'stroke-width': 1 }));
    body.push(text(x, height - 12, `${v}`, { 'text-anchor': 'middle', 'font-size': 12 }));
  }
  body.push(text(left + plot / 2, height - 0, 'calendar days', { 'text-anchor': 'middle', 'font-size': 12 }));
  shown.forEach((s, row) => {
    const y0 = top + row * rowHeight;
    body.push(text(left - 8, y0 + rowHeight / 2 - 4, stageLabel(s.stage), { 'text-anchor': 'end', 'font-weight': 'bold' }));
    series.forEach((x, i) => {
      const value = s[x.key];
      const y = y0 + i * barHeight;
      if (value !== null) body.push(el('rect', { x: left, y, width: round(Math.max(1, scale(value))), height: barHeight - 2, fill: FILLS[i].fill, stroke: FILLS[i].stroke }));
      body.push(text(left + (value === null ? 0 : scale(value)) + 6, y + barHeight - 3, days(value), { 'font-size': 11 }));
    });
  });
  if (shown.length === 0) body.push(text(left, top + 20, 'No stage has started in this selection.'));
  const description = shown.length
    ? shown.map((s) => `${stageLabel(s.stage)}: ${s.n} started, ${s.completed} finished; median ${days(s.medianDays)} finished only, ${days(s.kmMedianDays)} counting open stages; 90th percentile ${days(s.kmP90Days)}.`).join(' ')
    : 'No stage has started in this selection.';
  return svgDocument(id, width, height, 'How long each stage takes (calendar days)', description, body);
}

const DASHES = ['', '8 4', '2 3', '12 3 2 3', '4 4', '1 6'];

/** Kaplan–Meier curves: the share of stages still open after each number of days, one line per stage. */
export function kaplanMeierChart(id: string, curves: { stage: StageName; calendar: KaplanMeierPoint[] }[]): string {
  const shown = curves.filter((c) => c.calendar.length > 0);
  const left = 60;
  const width = 760;
  const plot = width - left - 150;
  const top = 20;
  const plotHeight = 280;
  const height = top + plotHeight + 50;
  const max = Math.max(1, ...shown.map((c) => c.calendar[c.calendar.length - 1].duration));
  const { top: axisTop, step } = axis(max);
  const x = (d: number): number => left + (d / axisTop) * plot;
  const y = (s: number): number => top + (1 - s) * plotHeight;
  const body: string[] = [];
  for (let v = 0; v <= axisTop; v += step) {
    body.push(el('line', { x1: round(x(v)), y1: top, x2: round(x(v)), y2: top + plotHeight, stroke: '#dddddd' }));
    body.push(text(x(v), top + plotHeight + 16, `${v}`, { 'text-anchor': 'middle', 'font-size': 12 }));
  }
  for (const s of [0, 0.25, 0.5, 0.75, 1]) {
    body.push(el('line', { x1: left, y1: round(y(s)), x2: left + plot, y2: round(y(s)), stroke: s === 0.5 ? '#505a5f' : '#dddddd', 'stroke-dasharray': s === 0.5 ? '3 3' : undefined }));
    body.push(text(left - 6, y(s) + 4, `${Math.round(s * 100)}%`, { 'text-anchor': 'end', 'font-size': 12 }));
  }
  body.push(text(left + plot + 4, y(0.5) - 4, 'half finished', { 'font-size': 11 }));
  body.push(text(left + plot / 2, height - 8, 'calendar days since the stage started', { 'text-anchor': 'middle', 'font-size': 12 }));
  body.push(text(14, top + plotHeight / 2, 'share still open', { 'font-size': 12, transform: `rotate(-90 14 ${top + plotHeight / 2})`, 'text-anchor': 'middle' }));
  const labelYs: number[] = [];
  shown.forEach((c, i) => {
    let path = `M${round(x(0))},${round(y(1))}`;
    let survival = 1;
    for (const p of c.calendar) {
      path += ` H${round(x(p.duration))}`;
      if (p.survival !== survival) path += ` V${round(y(p.survival))}`;
      survival = p.survival;
    }
    const last = c.calendar[c.calendar.length - 1];
    body.push(el('path', { d: path, fill: 'none', stroke: i % 2 ? '#505a5f' : '#0b0c0c', 'stroke-width': 2.5, 'stroke-dasharray': DASHES[i % DASHES.length] || undefined }));
    let ly = y(survival);
    while (labelYs.some((used) => Math.abs(used - ly) < 14)) ly += 14;
    labelYs.push(ly);
    body.push(text(x(last.duration) + 6, ly + 4, stageLabel(c.stage), { 'font-size': 12 }));
  });
  const description = shown.length
    ? shown
        .map((c) => {
          const last = c.calendar[c.calendar.length - 1];
          return `${stageLabel(c.stage)}: ${Math.round(last.survival * 100)}% still open after ${last.duration} days.`;
        })
        .join(' ')
    : 'No stage has started in this selection.';
  return svgDocument(id, width, height, 'Share of stages still open, by days since they started (Kaplan–Meier)', description, body);
}

/** Monthly intake, cases opened and cases closed as grouped bars (suppressed months drawn as "s"). */
export function monthlyChart(id: string, months: MonthlySeries[]): string {
  const series = [
    { key: 'intake' as const, label: 'Intake received' },
    { key: 'casesOpened' as const, label: 'Cases opened' },
    { key: 'casesClosed' as const, label: 'Cases closed' },
  ];
  const left = 50;
  const width = 760;
  const plot = width - left - 20;
  const top = 40;
  const plotHeight = 220;
  const height = top + plotHeight + 60;
  const max = Math.max(1, ...months.flatMap((m) => series.map((s) => m[s.key] ?? 0)));
  const { top: axisTop, step } = axis(max);
  const slot = plot / Math.max(1, months.length);
  const bar = Math.max(1, (slot - 4) / series.length);
  const y = (v: number): number => top + plotHeight - (v / axisTop) * plotHeight;
  const body: string[] = [];
  series.forEach((s, i) => {
    body.push(el('rect', { x: left + i * 170, y: 6, width: 14, height: 14, fill: FILLS[i].fill, stroke: FILLS[i].stroke }));
    body.push(text(left + i * 170 + 20, 18, s.label, { 'font-size': 12 }));
  });
  for (let v = 0; v <= axisTop; v += step) {
    body.push(el('line', { x1: left, y1: round(y(v)), x2: left + plot, y2: round(y(v)), stroke: '#dddddd' }));
    body.push(text(left - 6, y(v) + 4, `${v}`, { 'text-anchor': 'end', 'font-size': 12 }));
  }
  const labelEvery = Math.ceil(months.length / 12);
  months.forEach((m, mi) => {
    series.forEach((s, i) => {
      const value = m[s.key];
      const bx = left + mi * slot + 2 + i * bar;
      if (value === null) body.push(text(bx + bar / 2, y(0) - 3, 's', { 'text-anchor': 'middle', 'font-size': 10 }));
      else if (value > 0) body.push(el('rect', { x: round(bx), y: round(y(value)), width: round(bar), height: round(y(0) - y(value)), fill: FILLS[i].fill, stroke: FILLS[i].stroke, 'stroke-width': 0.5 }));
    });
    if (mi % labelEvery === 0) body.push(text(left + mi * slot + slot / 2, top + plotHeight + 16, m.month, { 'text-anchor': 'middle', 'font-size': 11 }));
  });
  body.push(text(left, height - 8, 's: fewer than the suppression threshold (or hidden to protect such a count)', { 'font-size': 11 }));
  const description = months.length
    ? `${months.length} months from ${months[0].month} to ${months[months.length - 1].month}. ` +
      series.map((s) => `${s.label}: ${months.reduce((sum, m) => sum + (m[s.key] ?? 0), 0)} in months shown (suppressed months excluded).`).join(' ')
    : 'No activity in this selection.';
  return svgDocument(id, width, height, 'Intake received, cases opened and cases closed each month', description, body);
}
