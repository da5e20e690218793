/** Exit codes (DESIGN.md): 0 ok, 1 alerts found / a check failed, 2 usage or config error. */
export const EXIT_OK = 0;
export const EXIT_ALERTS = 1;
export const EXIT_USAGE = 2;
