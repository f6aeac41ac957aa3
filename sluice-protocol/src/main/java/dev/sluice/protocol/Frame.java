package dev.sluice.protocol;

import java.util.Optional;

/** The parts of a stack frame that grouping looks at. The full frame is kept in the item's detail JSON. */
public record Frame(Optional<String> filename, Optional<String> function, boolean inApp) {
}
