import { BffSignInRequest } from "@finlink/contracts";
import { createRouter } from "../../app-env";
import { jsonBody } from "../../middleware/json-body";
import { signedInUser } from "./session.middleware";
import { closeSession, openSession, userNamed } from "./session.service";
import { clearSessionCookie, writeSessionCookie } from "./session-cookie";

/** Demo sign-in by name, sign-out, and who is signed in. */
export const sessionRouter = createRouter()
  .post("/session", jsonBody(BffSignInRequest), async (c) => {
    const { services, sessionHash } = c.var;
    const user = await userNamed(services, c.req.valid("json").name);
    // A new id at every sign-in (no fixation): the session the browser had before ends here.
    if (sessionHash) await closeSession(services, sessionHash);
    writeSessionCookie(c, await openSession(services, user.id));
    return c.json(user, 200);
  })
  .delete("/session", async (c) => {
    if (c.var.sessionHash) await closeSession(c.var.services, c.var.sessionHash);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .get("/me", (c) => c.json(signedInUser(c), 200));
