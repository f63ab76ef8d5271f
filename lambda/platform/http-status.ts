/**
 * @module HTTP statuses the gateway records beyond the standard ones, decided in one place.
 */

/** Status recorded for a request whose client went away before any response was sent (nginx's convention). */
const CLIENT_CLOSED_STATUS = 499;

/**
 * The status a request is logged and recorded with: what was sent, or 499 when nothing was sent
 * because the client had already gone.
 *
 * @param sentStatus The status sent, 0 when none was.
 * @example recordedStatus(0, true) // 499
 */
function recordedStatus(sentStatus: number, clientGone: boolean): number {
  return sentStatus === 0 && clientGone ? CLIENT_CLOSED_STATUS : sentStatus;
}

export { CLIENT_CLOSED_STATUS, recordedStatus };
