import { useMemo } from 'react';
import { EChart } from '../components/echart';

export interface Series {
  name: string;
  color: string;
  values: number[];
}

/** A bar chart of one or more series over categories (steps, PII kinds). */
export function BarsChart({ categories, series, testId, horizontal = false }: { categories: string[]; series: Series[]; testId: string; horizontal?: boolean }) {
  const option = useMemo(() => {
    const category = { type: 'category', data: categories, axisTick: { show: false }, axisLabel: { interval: 0, overflow: 'truncate', width: 90 } };
    const value = { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eceff3' } } };
    return {
      grid: { left: 8, right: 24, top: series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0 } : { show: false },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? { ...category, inverse: true } : value,
      series: series.map((s) => ({ type: 'bar', name: s.name, barMaxWidth: 22, itemStyle: { color: s.color }, label: { show: series.length === 1, position: horizontal ? 'right' : 'top' }, data: s.values })),
    };
  }, [categories, series, horizontal]);
  return <EChart option={option} testId={testId} />;
}
