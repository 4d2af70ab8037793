/**
 * The sync-server package folder. Files the server reads at run time (migrations, stylesheets, the
 * kiosk build) are found from here: src/ and the bundle's dist/ both sit directly below it, so the
 * same path holds whether the sources run or the bundle does.
 */
export const PACKAGE_ROOT = new URL("../", import.meta.url);
