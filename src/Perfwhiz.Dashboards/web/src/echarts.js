// Only the parts of ECharts the dashboards draw with, on canvas.
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart, DataZoomComponent, GridComponent, LegendComponent,
  TitleComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

// A chart whose `drawn` promise resolves when its first option has finished rendering.
export function newChart(container) {
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  chart.drawn = new Promise((resolve) => chart.on('finished', resolve));
  return chart;
}

export { echarts };
