/**
 * Reference figures copied from ../shared/datasets/crowd/README.md (crowd-kit 1.4.1, default settings, DS and
 * OneCoinDS with n_iter=100). They are the expected values the bench compares against, not results of this code.
 */
export type ReferenceMethod = 'mv' | 'wawa' | 'ds' | 'onecoin' | 'glad' | 'mace';

const row = (mv: number, wawa: number, ds: number, onecoin: number, glad: number, mace: number): Record<ReferenceMethod, number> => ({
  mv,
  wawa,
  ds,
  onecoin,
  glad,
  mace,
});

export const REFERENCE_ACCURACY: Record<string, Record<ReferenceMethod, number>> = {
  snow_rte: row(0.9187, 0.9213, 0.9275, 0.925, 0.9263, 0.925),
  snow_temp: row(0.9394, 0.9437, 0.9416, 0.9394, 0.9351, 0.9394),
  snow_wsd: row(0.9944, 0.9944, 0.9944, 0.9944, 0.9944, 0.9944),
  bluebirds: row(0.7593, 0.7593, 0.8889, 0.5833, 0.7222, 0.75),
  zheng_d_product: row(0.8966, 0.8966, 0.9397, 0.9084, 0.9287, 0.929),
  zheng_d_possent: row(0.932, 0.951, 0.96, 0.949, 0.948, 0.956),
  zheng_s4_dog: row(0.8178, 0.829, 0.8426, 0.8302, 0.834, 0.8302),
  zheng_s4_face: row(0.6301, 0.6301, 0.6404, 0.6113, 0.6301, 0.6353),
  zheng_s4_relevance: row(0.5357, 0.5578, 0.6173, 0.2578, 0.5646, 0.4942),
  ipeirotis_adultcontent2: row(0.7628, 0.7658, 0.7658, 0.7087, 0.7598, 0.7628),
  zhou_web: row(0.7765, 0.8168, 0.8292, 0.7486, 0.8213, 0.8266),
  trec2010: row(0.6611, 0.6457, 0.7015, 0.5604, 0.5793, 0.5974),
};

export const ALPHA_REFERENCE: Record<string, number> = {
  snow_rte: 0.2415,
  snow_temp: 0.2234,
  snow_wsd: 0.9372,
  bluebirds: 0.1255,
  zheng_s4_dog: 0.5194,
  zheng_s4_face: 0.4949,
  zheng_d_possent: 0.1493,
  zheng_d_product: 0.1575,
};
