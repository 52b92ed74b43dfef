import type { ReactNode } from "react";
import { useMe } from "../api/get-me";
import { SignInForm } from "./sign-in-form";

/**
 * Its children for a signed-in user, else the sign-in form in their place: the address stays, so after
 * signing in the user is where they meant to go. (The layout above handles the loading and failed states.)
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const me = useMe();
  return me.data ? children : <SignInForm />;
}
