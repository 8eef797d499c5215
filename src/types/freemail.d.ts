/** freemail (willwhite/freemail) ships no types: the two calls Leadloop makes. */
declare module 'freemail' {
  /** True for an address or domain of a free email provider (gmail.com, outlook.com, gmx.de, …). */
  export function isFree(emailOrDomain: string): boolean;
  export function isDisposable(emailOrDomain: string): boolean;
}
