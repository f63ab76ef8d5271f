/**
 * @module HTTP statuses the gateway records beyond the standard ones.
 */

/** Status recorded for a request whose client went away before any response was sent (nginx's convention). */
const CLIENT_CLOSED_STATUS = 499;

export { CLIENT_CLOSED_STATUS };
