/**
 * Changes whenever a verdict of the regex analyser or an engine choice may change: lint's cache
 * key holds it. Apart from the rest of `regex/` so that reading it loads no parser or engine.
 */
export const REGEX_ANALYSIS_VERSION = 1;
