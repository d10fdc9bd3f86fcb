import { useEffect, useRef } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

/** A figure with as many decimals as its size needs: 1234, 12.3, 0.012, 6e-7. */
export function formatFigure(value: number): string {
  const size = Math.abs(value);
  if (size === 0 || size >= 100) return value.toFixed(0);
  if (size >= 1) return value.toFixed(1);
  return String(Number(value.toPrecision(2)));
}

const palette = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#db2777'];

/**
 * A time chart drawn by uPlot. `times` are seconds since the epoch. The chart follows its
 * container's width (phones too); the data is replaced in place as new points arrive.
 */
export function TimeChart(props: {
  title: string;
  times: number[];
  series: ChartSeries[];
  unit: string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data: AlignedData = [props.times, ...props.series.map((s) => s.values)];
  const shape = props.series.map((s) => s.label).join('\u0000');

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const options: Options = {
      width: Math.max(element.clientWidth, 200),
      height: props.height ?? 200,
      series: [
        {},
        ...props.series.map((s, i) => ({
          label: s.label,
          stroke: palette[i % palette.length],
          width: 2,
          value: (_u: uPlot, v: number | null) =>
            v === null ? '—' : `${formatFigure(v)} ${props.unit}`,
        })),
      ],
      axes: [
        {},
        {
          label: props.unit,
          size: 72,
          values: (_u: uPlot, splits: number[]) => splits.map(formatFigure),
        },
      ],
    };
    plot.current = new uPlot(options, data, element);
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({
        width: Math.max(element.clientWidth, 200),
        height: props.height ?? 200,
      }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its lines change; new points go through setData below.
  }, [shape, props.unit, props.height]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} role="img" aria-label={`${props.title} chart`} />
    </figure>
  );
}
