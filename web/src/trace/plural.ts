export const plural = (n: number, noun: string, before = "") => `${before}${n} ${noun}${n === 1 ? "" : "s"}`;
