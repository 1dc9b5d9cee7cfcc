// sharp's settings live with the rest of the sharp code; the benchmark's imports keep their path.
export { type SharpSettings, withSharpSettings } from '../images/sharp-settings';
