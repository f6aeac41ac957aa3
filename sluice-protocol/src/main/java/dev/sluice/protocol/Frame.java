package dev.sluice.protocol;

import java.util.Optional;

/**
 * The parts of a stack frame that grouping looks at. The full frame is kept in the item's detail JSON.
 *
 * @param module the module, package or class the frame belongs to, when the platform names one (Java's class,
 *     Python's module); grouping rule 2 prefers it to the file name, which build layouts change
 */
public record Frame(Optional<String> filename, Optional<String> function, boolean inApp, Optional<String> module) {

    /** A frame without a module (the protocols that send none). */
    public Frame(Optional<String> filename, Optional<String> function, boolean inApp) {
        this(filename, function, inApp, Optional.empty());
    }
}
