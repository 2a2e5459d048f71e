import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  NARROW_SPREAD,
  WIDE_SPREAD,
  allowedSpread,
  fitsMatch,
  waitForSpread,
} from "../../src/matchmaking/ratingSpread.ts";
import {
  PRIVATE_CODE_ALPHABET,
  PRIVATE_CODE_LENGTH,
  PRIVATE_CODE_PATTERN,
  normalizeCode,
  randomCode,
} from "../../src/matchmaking/privateCodes.ts";
import { SeatLedger } from "../../src/matchmaking/seatLedger.ts";
import { SerialLock } from "../../src/matchmaking/serialLock.ts";
import { bestRoom } from "../../src/matchmaking/quickPlay.ts";
import type { ArenaListing } from "../../src/matchmaking/seatDesk.ts";
import { arenaCreateOptions } from "../../src/rooms/arena/options.ts";

describe("rating spread", () => {
  const maxWait = 30_000;

  test("a match may spread NARROW_SPREAD at first and WIDE_SPREAD at the maximum wait, linearly between", () => {
    assert.equal(allowedSpread(0, maxWait), NARROW_SPREAD);
    assert.equal(allowedSpread(maxWait / 2, maxWait), (NARROW_SPREAD + WIDE_SPREAD) / 2);
    assert.equal(allowedSpread(maxWait, maxWait), WIDE_SPREAD);
    assert.equal(allowedSpread(10 * maxWait, maxWait), WIDE_SPREAD);
    assert.equal(allowedSpread(-5, maxWait), NARROW_SPREAD);
  });

  test("waitForSpread is the wait at which a spread becomes allowed", () => {
    assert.equal(waitForSpread(50, maxWait), 0);
    assert.equal(waitForSpread(WIDE_SPREAD, maxWait), maxWait);
    assert.equal(waitForSpread(WIDE_SPREAD + 1, maxWait), Infinity);
    const wait = waitForSpread(400, maxWait);
    assert.equal(allowedSpread(wait, maxWait), 400);
  });

  test("close ratings fit at once; a far-off rating fits only once the longest waiter has waited long enough", () => {
    const group = [
      { rating: 1500, queuedAt: 0 },
      { rating: 1520, queuedAt: 0 },
    ];
    assert.equal(fitsMatch({ rating: 1550, queuedAt: 0 }, group, 0, maxWait), true);
    const far = { rating: 1900, queuedAt: 0 };
    assert.equal(fitsMatch(far, group, 0, maxWait), false);
    const needed = waitForSpread(400, maxWait);
    assert.equal(fitsMatch(far, group, needed - 1, maxWait), false);
    assert.equal(fitsMatch(far, group, needed, maxWait), true);
  });

  test("the longest waiter of the candidate and the group sets the allowance", () => {
    const needed = waitForSpread(400, maxWait);
    const patientGroup = [{ rating: 1500, queuedAt: 0 }];
    assert.equal(fitsMatch({ rating: 1900, queuedAt: needed }, patientGroup, needed, maxWait), true);
    const freshGroup = [{ rating: 1500, queuedAt: needed }];
    assert.equal(fitsMatch({ rating: 1900, queuedAt: 0 }, freshGroup, needed, maxWait), true);
    assert.equal(fitsMatch({ rating: 1900, queuedAt: needed }, freshGroup, needed, maxWait), false);
  });

  test("beyond WIDE_SPREAD nothing fits, however long the wait", () => {
    assert.equal(fitsMatch({ rating: 1000, queuedAt: 0 }, [{ rating: 1000 + WIDE_SPREAD + 1, queuedAt: 0 }], 1e9, maxWait), false);
  });
});

describe("private codes", () => {
  test("the alphabet has no look-alikes: no 0, O, 1 or I", () => {
    assert.equal(PRIVATE_CODE_ALPHABET.length, 32);
    assert.equal(new Set(PRIVATE_CODE_ALPHABET).size, 32);
    for (const lookAlike of "0O1I") assert.ok(!PRIVATE_CODE_ALPHABET.includes(lookAlike), lookAlike);
    for (const letter of PRIVATE_CODE_ALPHABET) assert.match(letter.repeat(6), PRIVATE_CODE_PATTERN);
  });

  test("random codes are 6 characters of the alphabet and every character occurs", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = randomCode();
      assert.equal(code.length, PRIVATE_CODE_LENGTH);
      assert.match(code, PRIVATE_CODE_PATTERN);
      for (const letter of code) seen.add(letter);
    }
    assert.equal(seen.size, 32);
  });

  test("a code maps each random byte's low 5 bits to a letter", () => {
    assert.equal(randomCode(() => Uint8Array.from([0, 1, 31, 32, 255, 8])), "AB9A9J");
  });

  test("typed codes are trimmed and upper-cased; anything that cannot be a code is refused", () => {
    assert.equal(normalizeCode(" abc234 "), "ABC234");
    for (const bad of ["ABC23", "ABC2345", "ABCD0E", "ABCDOE", "ABCD1E", "ABCDIE", "ABC-23", ""]) {
      assert.equal(normalizeCode(bad), undefined, bad);
    }
  });

  test("the arena room accepts exactly the codes the alphabet can make", () => {
    assert.equal(arenaCreateOptions.safeParse({ code: "HJK234" }).success, true);
    assert.equal(arenaCreateOptions.safeParse({ code: "HOK234" }).success, false);
    assert.equal(arenaCreateOptions.safeParse({ code: "hjk234" }).success, false);
  });
});

describe("seat ledger", () => {
  test("a promised seat counts until taken, and rooms without promises are forgotten", () => {
    let now = 0;
    const ledger = new SeatLedger(() => now);
    ledger.hold("r1", "a", 15);
    ledger.hold("r1", "b", 15);
    assert.equal(ledger.outstanding("r1"), 2);
    ledger.taken("r1", "a");
    assert.equal(ledger.outstanding("r1"), 1);
    ledger.taken("r1", "b");
    assert.equal(ledger.outstanding("r1"), 0);
    assert.equal(ledger.roomCount, 0);
  });

  test("an expired promise stops counting one second after Colyseus's reservation ends, not before", () => {
    let now = 0;
    const ledger = new SeatLedger(() => now);
    ledger.hold("r1", "a", 15);
    now = 15_999;
    assert.equal(ledger.outstanding("r1"), 1);
    now = 16_000;
    assert.equal(ledger.outstanding("r1"), 0);
    assert.equal(ledger.roomCount, 0);
  });

  test("a disposed room drops all of its promises; joins of unknown sessions change nothing", () => {
    const ledger = new SeatLedger();
    ledger.hold("r1", "a", 15);
    ledger.hold("r2", "b", 15);
    ledger.taken("r2", "nobody");
    ledger.taken("r3", "nobody");
    ledger.roomGone("r1");
    assert.equal(ledger.outstanding("r1"), 0);
    assert.equal(ledger.outstanding("r2"), 1);
    assert.equal(ledger.roomCount, 1);
  });
});

describe("serial lock", () => {
  test("tasks run one at a time in request order, and a failure does not stop the next", async () => {
    const lock = new SerialLock();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) =>
      lock.run(async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task("a", 20), task("b", 1, true), task("c", 5)]);
    assert.deepEqual(log, ["start a", "end a", "start b", "end b", "start c", "end c"]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    assert.equal(lock.pending, 0);
  });
});

describe("quick play's choice", () => {
  const room = (roomId: string, humans: number, maxPlayers: number, startedAt = 0, pending = 0) => ({
    listing: { roomId, name: "arena", clients: humans, maxClients: maxPlayers + 16, metadata: { mode: "ffa", phase: startedAt ? "playing" : "waiting", humans, bots: 0, maxPlayers, private: false, startedAt } } as unknown as ArenaListing,
    pending,
  });
  const choose = (...rooms: ReturnType<typeof room>[]) => {
    const free = new Map(rooms.map((r) => [r.listing.roomId, r.listing.metadata!.maxPlayers - r.listing.metadata!.humans - r.pending]));
    return bestRoom(
      rooms.map((r) => r.listing),
      (listing) => free.get(listing.roomId)!,
    )?.roomId;
  };

  test("no room, or no room with a free player seat, means none", () => {
    assert.equal(choose(), undefined);
    assert.equal(choose(room("a", 4, 4), room("b", 2, 4, 0, 2)), undefined);
  });

  test("the fullest room with space wins, counting promised seats", () => {
    assert.equal(choose(room("a", 3, 16), room("b", 5, 16), room("c", 16, 16)), "b");
    assert.equal(choose(room("a", 3, 16, 0, 3), room("b", 5, 16)), "a");
  });

  test("between equally full rooms, the match that started last wins, and warm-up counts as latest", () => {
    assert.equal(choose(room("a", 4, 16, 1000), room("b", 4, 16, 3000), room("c", 4, 16, 2000)), "b");
    assert.equal(choose(room("a", 4, 16, 1000), room("w", 4, 16, 0)), "w");
  });

  test("a complete tie goes to the lowest roomId, whatever the listing order", () => {
    assert.equal(choose(room("m", 2, 16, 500), room("k", 2, 16, 500), room("z", 2, 16, 500)), "k");
  });
});
