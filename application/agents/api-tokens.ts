/** Mints API tokens and the hash kept of each: randomness and hashing live in the adapters. */
export interface ApiTokens {
  issue(): { readonly token: string; readonly hash: string };
}
