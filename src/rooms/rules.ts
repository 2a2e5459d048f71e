/** Limits every room applies to what clients send (PROTOCOL §3 "All rooms"). */

/** Messages a client may send per second before it is answered `rate_limited`. */
export const MESSAGES_PER_SECOND = 20;

/**
 * How far past its limit a client may go before it is disconnected with
 * FLOOD_CLOSE_CODE: rejected messages fill a second bucket that drains at the
 * same rate, so a client that bursts once is forgiven and one that keeps
 * flooding is not.
 */
export const FLOOD_TOLERANCE = 40;

export const FLOOD_CLOSE_CODE = 4008;

/** Largest WebSocket frame the transport accepts; bigger ones close the socket unread. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Largest JSON body the HTTP API reads. */
export const MAX_HTTP_BODY = "16kb";
