import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface Bar {
  label: string;
  value: number;
  color: string;
}

/** A horizontal bar chart of task counts by state. */
export function StateChart({ bars }: { bars: Bar[] }) {
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.getInstanceByDom(el.current);
    chart?.setOption({
      animation: false,
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
    });
  }, [bars]);

  return <div ref={el} className="chart" data-testid="state-chart" />;
}
