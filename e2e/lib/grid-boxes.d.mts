/** The types of grid-boxes.mjs, for the bench (TypeScript). */
export interface GridBox {
  id: string;
  from_name: 'box';
  to_name: 'image';
  type: 'rectanglelabels';
  original_width: number;
  original_height: number;
  image_rotation: number;
  value: { x: number; y: number; width: number; height: number; rotation: number; rectanglelabels: string[] };
}
export function gridBoxes(n: number, width: number, height: number): GridBox[];
