/** The contract's types as the UI uses them. Types only: the renderer never imports main-process code. */
export type * from '../../../shared/contract';
