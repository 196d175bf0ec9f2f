/**
 * The mFi mPower models troupe knows: how many outlets each has, what its
 * `/etc/board.inc` says about it, and the mains it is sold for.
 *
 * The `board_name` values ("mPower", "mPower Mini", "mPower Pro") and the
 * `$feature_power=N;` line follow what community scripts read from real strips. The
 * `board_shortname` codes are this project's assumption (no real strip was at hand
 * to read them from); a driver treats an unknown short name as "unknown model" rather
 * than failing.
 */
import { TroupeError } from '../../runtime/errors.ts';

/** The four mPower models. */
export type MpowerModelId = 'mpower-mini' | 'mpower-3' | 'mpower-pro-6' | 'mpower-pro-8';

/** What troupe knows about one model. */
export interface MpowerModelInfo {
  readonly id: MpowerModelId;
  /** `$board_name` in /etc/board.inc. */
  readonly boardName: string;
  /** `$board_shortname` in /etc/board.inc. */
  readonly shortname: string;
  readonly outlets: number;
  /** Nominal mains voltage of the region the model is sold for. */
  readonly mainsVoltsRms: number;
}

/** Every model, in ascending outlet count. */
export const mpowerModels: Readonly<Record<MpowerModelId, MpowerModelInfo>> = {
  'mpower-mini': { id: 'mpower-mini', boardName: 'mPower Mini', shortname: 'P1E', outlets: 1, mainsVoltsRms: 230 },
  'mpower-3': { id: 'mpower-3', boardName: 'mPower', shortname: 'P3E', outlets: 3, mainsVoltsRms: 230 },
  'mpower-pro-6': { id: 'mpower-pro-6', boardName: 'mPower Pro', shortname: 'P6E', outlets: 6, mainsVoltsRms: 230 },
  'mpower-pro-8': { id: 'mpower-pro-8', boardName: 'mPower Pro', shortname: 'P8U', outlets: 8, mainsVoltsRms: 120 },
};

/**
 * The model a short name from `/etc/board.inc` stands for, or undefined for an unknown one.
 *
 * @example
 * modelForShortname('P6E')?.outlets // 6
 */
export function modelForShortname(shortname: string): MpowerModelInfo | undefined {
  return Object.values(mpowerModels).find((model) => model.shortname === shortname);
}

/**
 * Resolves a model from an explicit id, an outlet count, or both (which must agree).
 * Defaults to the mPower PRO 6 the mirror uses.
 *
 * @example
 * resolveMpowerModel({ outlets: 8 }).id // 'mpower-pro-8'
 */
export function resolveMpowerModel(options: { model?: MpowerModelId | string; outlets?: number }): MpowerModelInfo {
  const { model, outlets } = options;
  if (model !== undefined) {
    const info = (mpowerModels as Record<string, MpowerModelInfo | undefined>)[model];
    if (info === undefined) {
      throw new TroupeError('MPOWER_OPTION_INVALID', `mPower model '${model}' is unknown; use one of ${Object.keys(mpowerModels).join(', ')}`, { option: 'model' });
    }
    if (outlets !== undefined && outlets !== info.outlets) {
      throw new TroupeError('MPOWER_OPTION_INVALID', `mPower model '${model}' has ${info.outlets} outlets, not ${outlets}; drop one of the two options`, { option: 'outlets' });
    }
    return info;
  }
  if (outlets === undefined) return mpowerModels['mpower-pro-6'];
  const byCount = Object.values(mpowerModels).find((info) => info.outlets === outlets);
  if (byCount === undefined) {
    throw new TroupeError('MPOWER_OPTION_INVALID', `no mPower model has ${outlets} outlets; use 1, 3, 6 or 8`, { option: 'outlets' });
  }
  return byCount;
}

/**
 * The text of `/etc/board.inc` on a strip of this model (a PHP include on real firmware).
 *
 * @example
 * boardIncText(mpowerModels['mpower-3']).includes('$feature_power=3;') // true
 */
export function boardIncText(model: MpowerModelInfo): string {
  return [
    '<?',
    `$board_name="${model.boardName}";`,
    `$board_shortname="${model.shortname}";`,
    `$feature_power=${model.outlets};`,
    '$radio_count=1;',
    '?>',
    '',
  ].join('\n');
}
