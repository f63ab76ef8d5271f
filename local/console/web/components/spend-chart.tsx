/**
 * @module Spend per team per day as stacked bars (uPlot), with a legend of team totals and the same
 * numbers as a table for keyboard and screen-reader users.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { spendByTeam, stackedTops, type TeamDayCost } from '../chart-data';
import { formatUsd, formatUsdExact, formatUsdTicks } from '../format';

/** Colours with at least 3:1 contrast against the white background (WCAG non-text contrast). */
const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#b91c1c', '#6d28d9', '#0e7490', '#be185d', '#4d7c0f'] as const;
const HEIGHT_PX = 260;
const HALF_DAY_S = 43_200;

const colorOf = (index: number): string => PALETTE[index % PALETTE.length] ?? '#1d4ed8';

interface SpendChartProps {
  readonly rows: readonly TeamDayCost[];
  readonly from: string;
  readonly to: string;
}

function SpendChart({ rows, from, to }: SpendChartProps) {
  const { days, teams } = spendByTeam(rows, from, to);
  const container = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null || teams.length === 0) return undefined;
    const xs = days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
    const tops = stackedTops(teams);
    // Drawn from the tallest stack down, so each team's segment stays visible in front of the one below.
    const order = teams.map((_, index) => index).reverse();
    const plot = new uPlot(
      {
        width: element.clientWidth,
        height: HEIGHT_PX,
        legend: { show: false },
        cursor: { show: false },
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
        scales: { x: { time: true, range: (_plot, min, max) => [min - HALF_DAY_S, max + HALF_DAY_S] } },
        axes: [{}, { size: 80, values: (_plot, splits) => formatUsdTicks(splits) }],
        series: [
          {},
          ...order.map((index) => ({
            label: teams[index]?.team,
            fill: colorOf(index),
            stroke: colorOf(index),
            points: { show: false },
            paths: uPlot.paths.bars?.({ size: [0.7, 48] }),
          })),
        ],
      },
      // A team with nothing spent on a day draws no bar there (not a hairline at the stack below).
      [xs, ...order.map((index) => (tops[index] ?? []).map((top, day) => ((teams[index]?.values[day] ?? 0) === 0 ? null : top)))],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: HEIGHT_PX }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [rows, from, to]);

  if (teams.length === 0) return <p class="muted">Nothing was spent from {from} to {to}.</p>;
  const total = teams.reduce((sum, series) => sum + series.totalUsd, 0);
  const spentDays = days.map((day, index) => ({ day, index })).filter(({ index }) => teams.some((series) => (series.values[index] ?? 0) !== 0));
  return (
    <figure class="chart" aria-labelledby="chart-title">
      <figcaption id="chart-title">
        Spend per team per day, {from} to {to} (UTC): {formatUsd(total)} in all
      </figcaption>
      <div ref={container} class="chart-canvas" role="img" aria-label={`Stacked bars of daily spend for ${teams.length} team(s); the table below has the numbers.`} />
      <ul class="legend" aria-label="Teams">
        {teams.map((series, index) => (
          <li key={series.team}>
            <span class="swatch" style={{ background: colorOf(index) }} aria-hidden="true" />
            <span class="legend-team">{series.team}</span> <span title={formatUsdExact(series.totalUsd)}>{formatUsd(series.totalUsd)}</span>
          </li>
        ))}
      </ul>
      <details>
        <summary>Chart data as a table (days with spend)</summary>
        <table>
          <caption class="visually-hidden">Spend per team per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {teams.map((series) => (
                <th scope="col" class="num" key={series.team}>
                  {series.team}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spentDays.map(({ day, index: dayIndex }) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                {teams.map((series) => (
                  <td class="num" key={series.team}>
                    {formatUsd(series.values[dayIndex])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export { SpendChart };
