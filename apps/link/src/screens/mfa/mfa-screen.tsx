import type { Challenge } from "@finlink/contracts";
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
  }
}
