import type { Challenge } from "@finlink/contracts";
import { LinkApiError } from "../../api/link-api-error";
import { ErrorScreen } from "../error/error-screen";
import { AppApprovalScreen } from "./app-approval-screen";
import { DeviceScreen } from "./device-screen";
import type { MfaProps } from "./mfa-props";
import { OtpScreen } from "./otp-screen";
import { QuestionScreen } from "./question-screen";

/** The screen for whichever second factor the entity asked for (one lazily loaded chunk for all four). */
export function MfaScreen(props: MfaProps<Challenge["type"]>) {
  const { challenge } = props;
  switch (challenge.type) {
    case "OTP":
      return <OtpScreen {...props} challenge={challenge} />;
    case "QUESTION":
      return <QuestionScreen {...props} challenge={challenge} />;
    case "DEVICE":
      return <DeviceScreen {...props} challenge={challenge} />;
    case "APP":
      return <AppApprovalScreen {...props} challenge={challenge} />;
    default: {
      // A second factor this build does not know (a newer server): say so rather than show nothing.
      // The shell's Exit stays available.
      const type = String((challenge as { type?: unknown }).type);
      const error = new LinkApiError({ status: 0, reason: "UNSUPPORTED_CHALLENGE", message: type, retryable: false });
      return <ErrorScreen error={error} phase="session" entityName={props.entity.name} appName={null} />;
    }
  }
}
