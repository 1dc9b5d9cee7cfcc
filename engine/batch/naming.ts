/** The batch's naming rules live in shared/naming.ts, where the API's schemas and the UI read them too. */
export {
  DEFAULT_NAME_PATTERN,
  expandNamePattern,
  NamePatternError,
  padIndex,
  validateNamePattern,
  withFolders,
  withSuffix,
} from '../../shared/naming';
