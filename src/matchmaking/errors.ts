/** Why a matchmaking request could not be served; the HTTP layer turns each into a status. */
export type MatchmakingFailure = "unknown_code" | "room_full" | "unavailable";

export class MatchmakingError extends Error {
  constructor(
    readonly code: MatchmakingFailure,
    message: string,
  ) {
    super(message);
  }
}
