/** The shape of a zh-CN message tree with every string widened, which each other language must fill. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
