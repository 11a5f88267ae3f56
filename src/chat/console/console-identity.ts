/**
 * The console's platform id, as data (event `via`, `platform` of what a console user does). A console
 * user acts as a desk member they picked; their "user id" on this platform is the member's own id.
 */
export const CONSOLE = 'console';
