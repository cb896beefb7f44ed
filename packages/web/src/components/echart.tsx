import { BarChart, HeatmapChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, HeatmapChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/**
 * The one ECharts wrapper of the app: it creates the chart once, follows window resizes, disposes on unmount and
 * replaces the option whenever it changes (memoise the option in the caller).
 */
export function EChart({ option, testId, height }: { option: Record<string, unknown>; testId: string; height?: number }) {
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
    echarts.getInstanceByDom(el.current)?.setOption({ animation: false, ...option }, true);
  }, [option]);
  return <div ref={el} className="chart" style={height === undefined ? undefined : { height }} data-testid={testId} />;
}
