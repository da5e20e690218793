import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { escapeHtml } from '../notify/sanitize.js';

/**
 * Charts as static SVG strings (ECharts server-side rendering): no script in the page, and they
 * print. Only the chart types and components the report uses are registered.
 */

use([LineChart, BarChart, GridComponent, LegendComponent, MarkLineComponent, MarkAreaComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | MarkAreaComponentOption
>;
export type XAxisOption = Exclude<NonNullable<ChartOption['xAxis']>, unknown[]>;
export type YAxisOption = Exclude<NonNullable<ChartOption['yAxis']>, unknown[]>;

/** Wide enough to read, narrow enough for an A4 page; the SVG scales down with its viewBox. */
export const CHART_WIDTH = 760;
export const CHART_TEXT = '#222222';
export const GRID_LINE = '#dddddd';
const FONT = 'system-ui, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

export interface ChartText {
  /** Unique in the page: prefixes the SVG's element ids. */
  readonly id: string;
  readonly title: string;
  /** One sentence with the key numbers, for screen readers and for anyone who cannot see the chart. */
  readonly desc: string;
}

/** Renders an option to an accessible SVG: `role="img"`, `<title>`, `<desc>`, ids unique in the page. */
export function renderSvg(option: ChartOption, height: number, text: ChartText): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT, color: CHART_TEXT }, ...option });
    return accessibleSvg(chart.renderToSVGString(), text);
  } finally {
    chart.dispose();
  }
}

/**
 * ECharts' SSR output has no accessibility attributes, names its ids after a per-process counter
 * (`zr3-c0`: two reports rendered in one process would differ) and carries hover styles and
 * event metadata that do nothing in a static page; this fixes all of them.
 */
export function accessibleSvg(svg: string, text: ChartText): string {
  const prefix = text.id.replace(/[^A-Za-z0-9_-]/g, '-');
  const titleId = `${prefix}-title`;
  const descId = `${prefix}-desc`;
  return svg
    .replace(/<style\s*>[\s\S]*?<\/style>/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/(id="|url\(#)zr\d+-/g, `$1${prefix}-`)
    .replace(
      /^<svg\b([^>]*)>/,
      `<svg$1 role="img" aria-labelledby="${titleId} ${descId}">` +
        `<title id="${titleId}">${escapeHtml(text.title)}</title>` +
        `<desc id="${descId}">${escapeHtml(text.desc)}</desc>`,
    );
}
