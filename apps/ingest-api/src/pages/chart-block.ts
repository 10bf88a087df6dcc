// A Chart.js chart: a canvas with a text alternative and its data as a JSON block (not run as
// script) that assets/charts.js reads. Tables beside each chart give the same figures.

export interface ChartSeries {
  label: string;
  data: (number | null | [number, number] | { x: number; y: number | null })[];
  /** A GOV.UK colour name from charts.js (blue, red, orange, green, purple, grey...) or one per bar. */
  colour?: string;
  colours?: string[];
  /** The legend's swatch when the bars are coloured one by one. */
  legendColour?: string;
  /** Line dash pattern: series differ by line style as well as colour. */
  dash?: number[];
  point?: 'circle' | 'rect' | 'triangle' | 'rectRot' | 'crossRot' | 'star' | 'line';
  pointRadius?: number;
  /** Line width (default 3). */
  width?: number;
  type?: 'line' | 'bar';
  stepped?: boolean;
  outline?: boolean;
  alpha?: number;
  order?: number;
  /** Bars: a null value takes no room in its category (one series per status, one bar each). */
  skipNull?: boolean;
}

export interface ChartSpec {
  type: 'bar' | 'line';
  /** Category labels; an array is a label on several lines. */
  labels: (string | string[])[];
  datasets: ChartSeries[];
  options?: {
    indexAxis?: 'x' | 'y';
    /** Values are day numbers, shown as dates. */
    dates?: boolean;
    /** A time line: points are {x: day number, y}, the x axis spaced by days and shown as dates. */
    xDates?: boolean;
    /** With xDates: the day numbers to label (the real points; see xTicksOf), instead of evenly spaced days. */
    xTicks?: number[];
    /** Counts: whole-number ticks only. */
    integer?: boolean;
    percent?: boolean;
    stacked?: boolean;
    min?: number;
    max?: number;
    suggestedMax?: number;
    valueLabel?: string;
    categoryLabel?: string;
    legend?: boolean;
  };
}

export type ChartSize = 'small' | 'medium' | 'tall' | 'x-tall';

/** `<` is written as \u003c so no value can close the JSON block. */
const safeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** A chart as views/macros/chart.njk draws it; `json` is the spec made safe to sit in a JSON script block. */
export interface ChartModel {
  id: string;
  title: string;
  /** The text alternative: what the chart shows, in a sentence or two (a table beside it gives the figures). */
  description: string;
  size: ChartSize;
  json: string;
}

export function chartModel(id: string, title: string, description: string, spec: ChartSpec, size: ChartSize = 'medium'): ChartModel {
  return { id, title, description, size, json: safeJson(spec) };
}

/**
 * Which of a time line's dates to label: only real ones, the first and the last always, and the
 * others where they keep at least a sixth of the span (for `most` 6) from their neighbours.
 */
export function xTicksOf(days: number[], most = 6): number[] {
  const all = [...new Set(days)].sort((a, b) => a - b);
  if (all.length <= 2) return all;
  const [first, last] = [all[0], all[all.length - 1]];
  const gap = ((last - first) / (most - 1)) * 0.9;
  const kept = [first];
  for (const d of all.slice(1, -1)) if (d - kept[kept.length - 1] >= gap && last - d >= gap) kept.push(d);
  return [...kept, last];
}
