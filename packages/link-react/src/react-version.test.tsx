import { render, screen } from "@testing-library/react";
import { useId, version } from "react";
import { version as domVersion } from "react-dom";
import { describe, expect, inject, it } from "vitest";

function Probe() {
  return <p id={useId()}>React {version}</p>;
}

describe("the React this project runs on", () => {
  it("is the configured major in react and react-dom", () => {
    const major = inject("reactMajor");
    expect(version).toMatch(new RegExp(`^${major}\\.`));
    expect(domVersion).toMatch(new RegExp(`^${major}\\.`));
  });

  it("renders through Testing Library with hooks and JSX of that same copy", () => {
    // A hook or an element from another copy of React than the renderer's throws here.
    render(<Probe />);
    expect(screen.getByText(`React ${version}`).id).not.toBe("");
  });
});
