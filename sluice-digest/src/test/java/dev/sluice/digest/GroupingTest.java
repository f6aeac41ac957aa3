package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Frame;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupingTest {

    static ErrorItem error(String type, String value, List<Frame> frames) {
        return new ErrorItem(Optional.ofNullable(type), Optional.ofNullable(value), Optional.empty(),
                Optional.empty(), frames, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "{}");
    }

    static Frame frame(String file, String fn, boolean inApp) {
        return new Frame(Optional.ofNullable(file), Optional.ofNullable(fn), inApp);
    }

    @Test
    void fingerprintIsSha256OfTypeValueAndLastThreeInAppFrames() {
        ErrorItem item = error("TypeError", "x is undefined", List.of(
                frame("inner.js", "boom", true), frame("lib.js", "call", false), frame("mid.js", "run", true),
                frame("outer.js", "main", true), frame("top.js", null, true)));
        Grouping.Group g = Grouping.v1(item);
        // The last three in-app candidates in array order; a missing function renders as '?'.
        String expectedInput = "TypeError|x is undefined|mid.js:run|outer.js:main|top.js:?";
        assertThat(g.fingerprint()).isEqualTo(Grouping.sha256Hex(expectedInput));
        assertThat(g.title()).isEqualTo("TypeError: x is undefined");
        assertThat(g.ruleVersion()).isEqualTo(1);
    }

    @Test
    void knownVectorMatchesAnIndependentSha256() {
        // echo -n 'Error|Unknown error|' | sha256sum
        assertThat(Grouping.v1(error(null, null, List.of())).fingerprint())
                .isEqualTo("18e4c74240e8180558ae2e16e5002de9b8be3b38aff54d55f9798408cc0c0860");
        assertThat(Grouping.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void fallsBackToAllFramesWhenNoneIsInApp() {
        ErrorItem item = error("E", "v", List.of(frame("a", "1", false), frame("b", "2", false)));
        assertThat(Grouping.relevantFrames(item.frames())).isEqualTo("a:1|b:2");
    }

    @Test
    void valueFallsBackToMessageThenUnknown() {
        ErrorItem withMessage = new ErrorItem(Optional.empty(), Optional.empty(), Optional.of("msg"), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "{}");
        assertThat(Grouping.v1(withMessage).title()).isEqualTo("Error: msg");
        assertThat(Grouping.v1(error(null, null, List.of())).title()).isEqualTo("Error: Unknown error");
    }

    @Test
    void titleIsCutAt500Utf16UnitsWithoutSplittingASurrogatePair() {
        assertThat(Grouping.v1(error("E", "x".repeat(1000), List.of())).title()).hasSize(500);
        String emoji = "x".repeat(495) + "\uD83D\uDE00" + "tail";
        // "E: " + 495 x = 498 units; the emoji's high surrogate is unit 499, its low one unit 500.
        String cut = Grouping.title("E: " + emoji);
        assertThat(cut).hasSize(500);
        assertThat(Grouping.title("E: y" + emoji)).hasSize(499);
    }

    @Test
    void levelIsExplicitElseDerivedFromType() {
        assertThat(Grouping.v1(error("warn", "m", List.of())).level()).isEqualTo("warning");
        assertThat(Grouping.v1(error("warning", "m", List.of())).level()).isEqualTo("warning");
        assertThat(Grouping.v1(error("info", "m", List.of())).level()).isEqualTo("info");
        assertThat(Grouping.v1(error("fatal", "m", List.of())).level()).isEqualTo("fatal");
        assertThat(Grouping.v1(error("TypeError", "m", List.of())).level()).isEqualTo("error");
        ErrorItem explicit = new ErrorItem(Optional.of("TypeError"), Optional.of("m"), Optional.empty(),
                Optional.of("debug"), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "{}");
        assertThat(Grouping.v1(explicit).level()).isEqualTo("debug");
    }

    @Test
    void sameErrorFromElsewhereGroupsApart() {
        Grouping.Group a = Grouping.v1(error("E", "v", List.of(frame("a.js", "f", true))));
        Grouping.Group b = Grouping.v1(error("E", "v", List.of(frame("b.js", "f", true))));
        Grouping.Group a2 = Grouping.v1(error("E", "v", List.of(frame("a.js", "f", true))));
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint()).isEqualTo(a2.fingerprint());
    }
}
