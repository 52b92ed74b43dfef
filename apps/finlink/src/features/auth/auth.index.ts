import { createRouter } from "../../app-env";
import { loginHandler } from "./auth.handlers";
import { login } from "./auth.routes";

export const authRouter = createRouter().openapi(login, loginHandler);
