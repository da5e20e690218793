import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { MarkAreaComponentOption, MarkLineComponentOption } from 'echarts/components';
import { severityRank } from '../detect/types.js';
import { oneLine } from '../notify/sanitize.js';
import { formatLocalTime } from '../parse/time.js';
import {
  CHART_TEXT,
  GRID_LINE,
  renderSvg,
  type ChartOption,
  type XAxisOption,
  type YAxisOption,
} from './chart-svg.js';
import { MAX, OKABE_ITO, SEVERITY_COLOURS, formatCount, formatRate, plural } from './format.js';
import type { HostTimeline, IncidentMark, ThursdayPeak } from './model.js';

/**
 * The report's charts. Hour axes are categories of labels formatted here, because ECharts' time
 * axis would show the process's zone, not the report's.
 */

type MarkAreaSpan = NonNullable<MarkAreaComponentOption['data']>[number];

/** Incidents labelled on one timeline; more are still marked, and the incidents table lists them all. */
const LABELLED_INCIDENTS = 8;
/** Longest rule name written beside an incident line, so the label stays inside its panel. */
const LABEL_CHARS = 24;

/** Index of the hour containing `iso` (the last hour starting at or before it), clamped to the week. */
function hourIndex(hours: readonly { hour: string }[], iso: string): number {
  const at = Date.parse(iso);
  let index = 0;
  for (let i = 0; i < hours.length; i++) {
    const start = hours[i]?.hour;
    if (start !== undefined && Date.parse(start) <= at) index = i;
  }
  return index;
}

function incidentLabel(mark: IncidentMark): string {
  return `${mark.severity.toUpperCase()} ${oneLine(mark.rule, LABEL_CHARS)}`;
}

/** Vertical lines at incidents' first hours, severity-coloured and labelled (the most severe ones). */
function incidentLines(timeline: HostTimeline, labelled: boolean): MarkLineComponentOption {
  const rank = (mark: IncidentMark): number => severityRank(mark.severity);
  const ordered = [...timeline.incidents].sort((a, b) => rank(b) - rank(a));
  return {
    silent: true,
    symbol: 'none',
    data: ordered.map((mark, i) => {
      const hour = timeline.hours[hourIndex(timeline.hours, mark.firstSeen)]?.hour ?? '';
      const showLabel = labelled && i < LABELLED_INCIDENTS;
      return {
        xAxis: hour,
        lineStyle: { color: SEVERITY_COLOURS[mark.severity], type: 'dashed', width: 2 },
        label: showLabel
          ? {
              show: true,
              position: 'insideEndTop',
              formatter: () => incidentLabel(mark),
              color: CHART_TEXT,
              fontSize: 11,
              textBorderColor: '#ffffff',
              textBorderWidth: 3,
            }
          : { show: false },
      };
    }),
  };
}

/** Shaded spans for incidents that lasted into a later hour. */
function incidentAreas(timeline: HostTimeline): MarkAreaComponentOption {
  const spans = timeline.incidents.flatMap((mark): MarkAreaSpan[] => {
    const from = hourIndex(timeline.hours, mark.firstSeen);
    const to = hourIndex(timeline.hours, mark.lastSeen);
    if (to <= from) return [];
    return [
      [
        {
          xAxis: timeline.hours[from]?.hour ?? '',
          itemStyle: { color: SEVERITY_COLOURS[mark.severity], opacity: 0.15 },
        },
        { xAxis: timeline.hours[to]?.hour ?? '' },
      ],
    ];
  });
  return { silent: true, data: spans };
}

/** Axis label: the weekday and date at local midnight, nothing at other hours. */
function dayLabels(timeline: HostTimeline, zone: string): Map<string, string> {
  const labels = new Map<string, string>();
  const weekday = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  for (const { hour } of timeline.hours) {
    if (formatLocalTime(hour, zone).endsWith(' 00:00')) labels.set(hour, weekday.format(new Date(hour)));
  }
  return labels;
}

function timelineDesc(timeline: HostTimeline, zone: string): string {
  let requests = 0;
  let failed = 0;
  let errors = 0;
  let busiest = timeline.hours[0];
  for (const hour of timeline.hours) {
    requests += hour.requests;
    failed += hour.failedLogins;
    errors += hour.status5xx;
    if (busiest === undefined || hour.requests > busiest.requests) busiest = hour;
  }
  const host = oneLine(timeline.host, MAX.host);
  const peak =
    busiest === undefined || busiest.requests === 0
      ? 'no requests'
      : `${plural(requests, 'request')}, busiest hour ${formatLocalTime(busiest.hour, zone)} (${formatCount(busiest.requests)})`;
  return (
    `Hourly activity on ${host} over the week (${zone} time): ${peak}; ` +
    `${plural(failed, 'failed login')}, ${plural(errors, 'server error')} (5xx); ` +
    `${plural(timeline.incidents.length, 'incident')} marked.`
  );
}

/** The lower panel's lines: told apart by dash pattern and legend as well as colour. */
const LOWER_LINES: readonly {
  readonly name: string;
  readonly field: 'failedLogins' | 'status401' | 'status404' | 'status5xx';
  readonly color: string;
  readonly dash: 'solid' | 'dotted' | number[];
}[] = [
  { name: 'Failed logins', field: 'failedLogins', color: OKABE_ITO.vermillion, dash: 'solid' },
  { name: '401 (refused)', field: 'status401', color: OKABE_ITO.orange, dash: [6, 3] },
  { name: '404 (not found)', field: 'status404', color: OKABE_ITO.green, dash: 'dotted' },
  { name: '5xx (server error)', field: 'status5xx', color: OKABE_ITO.black, dash: [8, 3, 2, 3] },
];

/**
 * One host's week in two stacked panels sharing the hour axis: requests above (with incidents
 * marked), failed logins and error statuses below, so small counts are not flattened by traffic.
 */
export function timelineChart(timeline: HostTimeline, zone: string, id: string): string {
  const hours = timeline.hours.map((h) => h.hour);
  const labels = dayLabels(timeline, zone);
  const xAxis = (gridIndex: number, showLabels: boolean): XAxisOption => ({
    type: 'category',
    gridIndex,
    data: hours,
    boundaryGap: false,
    axisTick: { show: false },
    splitLine: {
      show: true,
      interval: (_: number, value: string) => labels.has(value),
      lineStyle: { color: GRID_LINE },
    },
    axisLabel: {
      show: showLabels,
      interval: (_: number, value: string) => labels.has(value),
      formatter: (value: string) => labels.get(value) ?? '',
      color: CHART_TEXT,
      align: 'left',
    },
  });
  const yAxis = (gridIndex: number, name: string): YAxisOption => ({
    type: 'value',
    gridIndex,
    name,
    nameTextStyle: { color: CHART_TEXT, align: 'left' },
    minInterval: 1,
    splitNumber: 3,
    axisLabel: { color: CHART_TEXT, formatter: (v: number) => formatCount(v) },
    splitLine: { lineStyle: { color: GRID_LINE } },
  });
  const option: ChartOption = {
    legend: { top: 0, left: 0, itemWidth: 28, itemGap: 20, textStyle: { color: CHART_TEXT } },
    grid: [
      { left: 56, right: 16, top: 56, height: 150 },
      { left: 56, right: 16, top: 250, height: 110 },
    ],
    xAxis: [xAxis(0, false), xAxis(1, true)],
    yAxis: [yAxis(0, 'Requests per hour'), yAxis(1, 'Failures and errors per hour')],
    series: [
      {
        type: 'line',
        name: 'Requests',
        data: timeline.hours.map((h) => h.requests),
        xAxisIndex: 0,
        yAxisIndex: 0,
        showSymbol: false,
        lineStyle: { color: OKABE_ITO.blue, width: 1.5 },
        itemStyle: { color: OKABE_ITO.blue },
        areaStyle: { color: OKABE_ITO.blue, opacity: 0.12 },
        markLine: incidentLines(timeline, true),
        markArea: incidentAreas(timeline),
      },
      ...LOWER_LINES.map((spec, i): LineSeriesOption => ({
        type: 'line',
        name: spec.name,
        data: timeline.hours.map((h) => h[spec.field]),
        xAxisIndex: 1,
        yAxisIndex: 1,
        showSymbol: false,
        lineStyle: { color: spec.color, width: 1.5, type: spec.dash },
        itemStyle: { color: spec.color },
        ...(i === 0 ? { markLine: incidentLines(timeline, false) } : {}),
      })),
    ],
  };
  return renderSvg(option, 400, {
    id,
    title: `Activity on ${oneLine(timeline.host, MAX.host)}`,
    desc: timelineDesc(timeline, zone),
  });
}

/** Bars in the Thursday chart's lower panel, each labelled with its count. */
function loginBars(
  name: string,
  data: number[],
  itemStyle: NonNullable<BarSeriesOption['itemStyle']>,
): BarSeriesOption {
  const formatter = (params: { value?: unknown }): string => formatCount(Number(params.value));
  return {
    type: 'bar',
    name,
    xAxisIndex: 1,
    yAxisIndex: 1,
    data,
    itemStyle,
    label: { show: true, position: 'top', color: CHART_TEXT, formatter },
  };
}

function thursdayLabel(peak: ThursdayPeak, thisWeek: boolean): string {
  const [year, month, day] = peak.date.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
  const text = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(
    date,
  );
  return thisWeek ? `${text} (this week)` : text;
}

/**
 * Thursdays side by side, oldest first: the failure rate as a labelled line in a small upper
 * panel, logins and failures as labelled bars below. `thisWeekDate` is this week's Thursday.
 */
export function thursdayChart(thursdays: readonly ThursdayPeak[], thisWeekDate: string, id: string): string {
  const ordered = [...thursdays].reverse();
  const categories = ordered.map((peak) => thursdayLabel(peak, peak.date === thisWeekDate));
  const rateLabel = (params: { value?: unknown }): string => formatRate(Number(params.value));
  const xAxis = (gridIndex: number, showLabels: boolean): XAxisOption => ({
    type: 'category',
    gridIndex,
    data: categories,
    axisTick: { show: false },
    axisLabel: { show: showLabels, color: CHART_TEXT },
  });
  const yAxis = (gridIndex: number, name: string, format: (v: number) => string): YAxisOption => ({
    type: 'value',
    gridIndex,
    name,
    min: 0,
    splitNumber: 2,
    nameTextStyle: { color: CHART_TEXT, align: 'left' },
    axisLabel: { color: CHART_TEXT, formatter: format },
    splitLine: { lineStyle: { color: GRID_LINE } },
  });
  const option: ChartOption = {
    legend: { top: 0, left: 0, itemGap: 20, textStyle: { color: CHART_TEXT } },
    grid: [
      { left: 56, right: 16, top: 64, height: 60 },
      { left: 56, right: 16, top: 170, height: 130 },
    ],
    xAxis: [xAxis(0, false), xAxis(1, true)],
    yAxis: [yAxis(0, 'Failure rate', formatRate), yAxis(1, 'Logins', formatCount)],
    series: [
      {
        type: 'line',
        name: 'Failure rate',
        data: ordered.map((p) => p.failureRate),
        symbol: 'diamond',
        symbolSize: 10,
        lineStyle: { color: OKABE_ITO.black, type: 'dashed' },
        itemStyle: { color: OKABE_ITO.black },
        label: { show: true, position: 'right', color: CHART_TEXT, formatter: rateLabel },
      },
      loginBars(
        'Successful logins',
        ordered.map((p) => p.logins),
        { color: OKABE_ITO.blue },
      ),
      loginBars(
        'Failed logins',
        ordered.map((p) => p.failures),
        {
          color: OKABE_ITO.orange,
          borderColor: OKABE_ITO.black,
          borderWidth: 1,
        },
      ),
    ],
  };
  const summary = thursdays
    .map((p) => `${p.date}: ${plural(p.logins, 'login')}, ${formatRate(p.failureRate)} failed`)
    .join('; ');
  return renderSvg(option, 340, {
    id,
    title: 'Thursday login peaks compared',
    desc: `Successful and failed logins on the last ${plural(thursdays.length, 'Thursday')}, most recent first: ${summary}.`,
  });
}
