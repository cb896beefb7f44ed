import { useMemo } from 'react';
import { EChart } from '../components/echart';

export interface Bar {
  label: string;
  value: number;
  color: string;
}

/** A horizontal bar chart of task counts by state. */
export function StateChart({ bars }: { bars: Bar[] }) {
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eceff3' } } },
      yAxis: { type: 'category', inverse: true, data: bars.map((b) => b.label), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          label: { show: true, position: 'right' },
          data: bars.map((b) => ({ value: b.value, itemStyle: { color: b.color } })),
        },
      ],
    }),
    [bars],
  );
  return <EChart option={option} testId="state-chart" />;
}
