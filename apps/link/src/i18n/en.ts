import { listOf } from "./labels";

const attempts = (n: number) => {
  if (n === 0) return "No attempts left for now";
  return n === 1 ? "1 attempt left" : `${n} attempts left`;
};
const tryAgain = (minutes: number | null) => {
  if (minutes === null) return "Try again later.";
  return minutes === 1 ? "Try again in 1 minute." : `Try again in ${minutes} minutes.`;
};

/** English copy; `es.ts` must have the same shape. */
export const en = {
  documentTitle: "Connect your account · Finlink",
  brand: "Finlink",
  loading: "Loading…",
  exit: "Exit",
  nav: {
    back: "Back",
  },
  exitDialog: {
    title: "Leave without connecting?",
    body: (app: string) => `Your account will not be connected to ${app}.`,
    confirm: "Yes, exit",
    cancel: "Keep connecting",
  },
  entity: {
    title: "Select your bank",
    intro: (app: string) => `${app} uses Finlink to connect your accounts securely.`,
    search: "Search for your bank",
    searchHint: "Use the arrow keys to move through the results.",
    failed: "We couldn't load the list of banks.",
  },
  credentials: {
    title: (entity: string) => `Sign in to ${entity}`,
    intro: (app: string) => `Your credentials go only to Finlink; ${app} never sees them.`,
    submit: "Continue",
    required: (label: string) => `${label} is required.`,
    /** `labels`: the entity's own fields (a DNI and PIN bank is not asked for a "username or password"). */
    wrong: (labels: readonly string[], remaining: number | null) =>
      `Your ${listOf(labels, "or")} is incorrect.${remaining === null ? "" : ` ${attempts(remaining)}.`}`,
    changeEntity: "Choose another bank",
    throttled: (minutes: number | null) => `Too many failed sign-ins for this user. ${tryAgain(minutes)}`,
    throttledAddress: (minutes: number | null) => `Too many failed sign-ins from your network. ${tryAgain(minutes)}`,
  },
  otp: {
    title: "Enter the verification code",
    label: "Verification code",
    hint: (length: number) => `Enter the ${length}-digit code your bank sent you.`,
    submit: "Verify",
    wrong: "That code is not correct. Try again.",
  },
  question: {
    title: "Answer the security question",
    submit: "Verify",
    wrong: "That answer is not correct. Try again.",
  },
  device: {
    title: "Choose where to receive the code",
    submit: "Send code",
  },
  app: {
    title: "Approve in your bank's app",
    body: (entity: string) => `Open the ${entity} app on your phone and approve the sign-in.`,
    waiting: "Waiting for approval…",
    timeLeft: (time: string) => `Time left: ${time}`,
  },
  mfaRestart: "The verification did not go through. Sign in again.",
  required: "Fill in this field.",
  connecting: {
    title: "Connecting…",
    body: (entity: string) => `Securely connecting your ${entity} accounts.`,
    /** Named by what the bank is usually doing by then: they follow the clock, not the server. */
    steps: ["Signing in securely", "Reading your accounts", "Almost done"],
    slow: "This is taking longer than usual. You can keep waiting: some banks take a while to answer.",
  },
  success: {
    title: "Connected",
    connected: (entity: string, app: string) => `Your ${entity} accounts are now connected to ${app}.`,
    updated: (entity: string) => `Your ${entity} connection is up to date.`,
  },
  error: {
    back: (app: string) => `Back to ${app}`,
    retry: "Try again",
    details: "Details",
    detailsHint: "If you contact support, give them these.",
    code: "Error code",
    requestId: "Request ID",
    network: "We couldn't reach Finlink. Check your connection and try again.",
    loadFailed: "This step could not load",
    someBank: "Your bank",
    theApp: "the app you came from",
    locked: {
      title: "Your account is locked",
      body: "Your bank has locked this account. Unlock it on your bank's website or app, then connect again.",
    },
    tooMany: {
      title: "Too many attempts",
      body: (app: string) => `For your security, signing in is blocked for now. Go back to ${app} and try again later.`,
    },
    unavailable: {
      title: (entity: string) => `${entity} is not available right now`,
      body: "The bank is not answering. Try again in a few minutes, or choose another bank.",
    },
    timeout: {
      title: "The approval timed out",
      body: "The approval was not completed in time. Sign in again to get a new request.",
    },
    expired: {
      title: "This link has expired",
      body: (app: string) => `For your security, links work for a limited time. Go back to ${app} and start again.`,
    },
    invalid: {
      title: "This link is not valid",
      body: (app: string) => `Go back to ${app} and try connecting again.`,
    },
    busy: {
      title: "Too many connections started",
      body: (minutes: number | null) =>
        `Too many connections were started from your network. Try again ${minutes ? `in ${minutes} ${minutes === 1 ? "minute" : "minutes"}` : "later"}.`,
    },
    unreachable: {
      title: "We couldn't get started",
      body: "We couldn't reach Finlink. Check your internet connection, then try again.",
    },
    actionRequired: {
      title: "Your bank needs you first",
      body: "Your bank asks you to do something on its website or app. Do it there, then connect again.",
    },
    generic: {
      title: "Something went wrong",
      body: "The connection could not be completed. Try again in a few minutes.",
    },
  },
  // ── Consent (the first screen of a new connection) ──
  consent: {
    title: (app: string, entity: string) => `${app} asks to connect to ${entity}`,
    /** The entity, when the session has not fixed it, by product. */
    anyEntity: { TRANSACTIONS: "your bank", INVESTMENTS: "your bank or broker" },
    readsTitle: "What will be read",
    reads: {
      TRANSACTIONS: ["Your accounts and their balances", "Your transactions"],
      INVESTMENTS: ["Your accounts and their balances", "Your portfolios and investments", "Your positions"],
    },
    durationTitle: "For how long",
    duration: "Until you revoke it. Your data is refreshed daily.",
    revokeTitle: "How to revoke it",
    revoke: (app: string) => `Remove the connection in ${app} at any time.`,
    credentials: (app: string) => `Finlink never shares your credentials with ${app}.`,
    privacy: (app: string) => `${app}'s privacy policy`,
    terms: (app: string) => `${app}'s terms`,
    newTab: "(opens in a new tab)",
    continue: "Continue",
  },
  // Entity discovery, marks and health (issue 13).
  discovery: {
    filter: "Show",
    kinds: { ALL: "All", BANK: "Banks", BROKER: "Brokers" },
    count: (n: number, kind: EntityKind) => {
      const [one, many] = { ALL: ["entity", "entities"], BANK: ["bank", "banks"], BROKER: ["broker", "brokers"] }[kind];
      return n === 1 ? `1 ${one}` : `${n} ${many}`;
    },
    empty: (query: string, kind: EntityKind) =>
      `No ${{ ALL: "banks", BANK: "banks", BROKER: "brokers" }[kind]} match “${query}”.`,
    helpTitle: "Can't find your bank?",
    help: (app: string) =>
      `Check the spelling, or type the first letters of its words or its initials (“bs” finds Banco Sandbox). If it still isn't listed, ${app} can't connect it yet: go back to ${app} to ask, or connect another account.`,
    unavailable: "Temporarily unavailable",
    chooseAnother: "Choose another bank",
  },
  // Sign-in form and success screen (issue 13, items 5 and 8).
  signIn2: {
    /** The password toggle: its visible word (`field` null), or its full name ("Show Password"). */
    reveal: (shown: boolean, field: string | null) => `${shown ? "Hide" : "Show"}${field ? ` ${field}` : ""}`,
    forgot: "Forgot your password?",
    fetching: (app: string) => `Your data is being fetched; ${app} will show it shortly.`,
    continueTo: (app: string) => `Continue to ${app}`,
  },
  // MFA: where the code went, another code, another method, attempts left (issue 13, item 7).
  mfa2: {
    sentTo: (where: string) => `We sent a code: ${where}.`,
    wrong: (remaining: number | null) =>
      `That code is not correct.${remaining === null ? " Try again." : ` ${attempts(remaining)}.`}`,
    resend: "Send another code",
    resendIn: (seconds: number) => `Send another code (${seconds} s)`,
    resent: (where: string, seconds: number) =>
      `We sent a new code: ${where}. You can ask for another in ${seconds} seconds.`,
    resendReady: "You can ask for another code now.",
    noMoreCodes: "No more codes can be sent. Enter the last one, or use another method.",
    otherMethods: "Use another method",
    switchTo: {
      OTP: "Get a code instead",
      QUESTION: "Answer a security question instead",
      DEVICE: "Send the code somewhere else",
      APP: "Approve in your bank's app instead",
    },
    switchRefused: "That method is not available now. Try another one.",
  },
  // Sign-in on the bank's own page (redirect SCA, issue 13).
  redirect: {
    title: (bank: string) => `Sign in at ${bank}`,
    intro: (bank: string) => `You'll sign in on ${bank}'s own page, then come back here.`,
    popup: "It opens in a new window.",
    private: (bank: string, app: string) => `Your password goes only to ${bank}; neither Finlink nor ${app} sees it.`,
    continue: (bank: string) => `Continue to ${bank}`,
    preparing: (bank: string) => `Getting ${bank}'s page ready…`,
    prepareFailed: (bank: string) => `We couldn't get ${bank}'s page ready.`,
    notCompleted: (bank: string) => `The sign-in at ${bank} did not go through. Try again.`,
    waitingTitle: (bank: string) => `Waiting for you at ${bank}…`,
    waiting: (bank: string) => `Sign in and give your permission in ${bank}'s window. This page carries on by itself.`,
    reopen: "Open the bank's window again",
    completing: "Finishing your sign-in…",
    blockedTitle: (bank: string) => `${bank}'s page could not open`,
    blocked: (bank: string) => `Your browser stopped the window. Open ${bank}'s page with this link, then come back.`,
    openLink: (bank: string) => `Open ${bank}'s page`,
    newTab: "(opens in a new tab)",
    deniedTitle: (bank: string) => `You didn't give ${bank} permission`,
    denied: (bank: string, app: string) =>
      `Nothing was connected. To connect ${bank} to ${app}, start again and approve the access on ${bank}'s page.`,
    elsewhereTitle: "You continued in another window",
    elsewhere: (bank: string) => `Finish connecting ${bank} there. You can close this one.`,
    closeTitle: "You can close this window",
    close: "Your sign-in at the bank is done: carry on in the window you started from.",
    unknownTitle: "This bank sign-in has already finished or expired",
    unknown: (app: string) => `Start again from ${app}.`,
    theApp: "the app",
    yourBank: "your bank",
    returnFailed: "Your sign-in could not be finished",
  },
};

/** Which entities the list shows: all, or one type. */
export type EntityKind = "ALL" | "BANK" | "BROKER";

export type Messages = typeof en;
