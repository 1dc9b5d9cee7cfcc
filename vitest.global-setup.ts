import { build } from 'electron-vite';

/** Tests that spawn workers need the built worker bundle in out/main/workers. */
export default async function setup(): Promise<void> {
  await build({ logLevel: 'warn' });
}
