package dev.sluice.sdk;

/** The SDK version, sent in User-Agent, {@code $sdkVersion} and {@code sdk_version}. */
final class Version {
    static final String SDK = "0.1.0";

    private Version() {}
}
